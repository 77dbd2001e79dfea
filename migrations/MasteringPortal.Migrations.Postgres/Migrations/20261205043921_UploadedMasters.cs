using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteringPortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class UploadedMasters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "MasterCeilingDbtp",
                table: "Studios",
                type: "double precision",
                nullable: false,
                defaultValue: -1.0);

            migrationBuilder.AddColumn<int>(
                name: "Origin",
                table: "Revisions",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MasterCeilingDbtp",
                table: "Studios");

            migrationBuilder.DropColumn(
                name: "Origin",
                table: "Revisions");
        }
    }
}
