using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteringPortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class StudioTeamAndDemoMark : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsDemo",
                table: "Studios",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AlterColumn<Guid>(
                name: "ClientId",
                table: "Invitations",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<string>(
                name: "TeamRole",
                table: "Invitations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            // A database the demo seeder filled before this column existed: its engineer's password is published.
            migrationBuilder.Sql("UPDATE \"Studios\" SET \"IsDemo\" = TRUE WHERE \"Id\" IN " +
                "(SELECT \"StudioId\" FROM \"AspNetUsers\" WHERE \"NormalizedEmail\" = 'ENGINEER@DEMO.STUDIO')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsDemo",
                table: "Studios");

            migrationBuilder.DropColumn(
                name: "TeamRole",
                table: "Invitations");

            migrationBuilder.AlterColumn<Guid>(
                name: "ClientId",
                table: "Invitations",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
