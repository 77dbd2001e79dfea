using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteringPortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class MixPreviewOfFile : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "PreviewOfId",
                table: "FileAssets",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_FileAssets_PreviewOfId",
                table: "FileAssets",
                column: "PreviewOfId");

            migrationBuilder.AddForeignKey(
                name: "FK_FileAssets_FileAssets_PreviewOfId",
                table: "FileAssets",
                column: "PreviewOfId",
                principalTable: "FileAssets",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_FileAssets_FileAssets_PreviewOfId",
                table: "FileAssets");

            migrationBuilder.DropIndex(
                name: "IX_FileAssets_PreviewOfId",
                table: "FileAssets");

            migrationBuilder.DropColumn(
                name: "PreviewOfId",
                table: "FileAssets");
        }
    }
}
