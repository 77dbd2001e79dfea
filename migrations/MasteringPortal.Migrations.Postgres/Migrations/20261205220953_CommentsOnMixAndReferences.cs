using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteringPortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CommentsOnMixAndReferences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<Guid>(
                name: "RevisionId",
                table: "Comments",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<Guid>(
                name: "FileAssetId",
                table: "Comments",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Comments_FileAssetId",
                table: "Comments",
                column: "FileAssetId");

            migrationBuilder.AddCheckConstraint(
                name: "CK_Comments_OneSource",
                table: "Comments",
                sql: "(\"RevisionId\" IS NULL) <> (\"FileAssetId\" IS NULL)");

            migrationBuilder.AddForeignKey(
                name: "FK_Comments_FileAssets_FileAssetId",
                table: "Comments",
                column: "FileAssetId",
                principalTable: "FileAssets",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Comments_FileAssets_FileAssetId",
                table: "Comments");

            migrationBuilder.DropIndex(
                name: "IX_Comments_FileAssetId",
                table: "Comments");

            migrationBuilder.DropCheckConstraint(
                name: "CK_Comments_OneSource",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "FileAssetId",
                table: "Comments");

            migrationBuilder.AlterColumn<Guid>(
                name: "RevisionId",
                table: "Comments",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
