using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteringPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TrackAlternates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "TrackAlternateId",
                table: "FileAssets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TrackAlternates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TrackId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Isrc = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    MixFileId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AlignmentJson = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrackAlternates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrackAlternates_Tracks_TrackId",
                        column: x => x.TrackId,
                        principalTable: "Tracks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FileAssets_TrackAlternateId",
                table: "FileAssets",
                column: "TrackAlternateId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackAlternates_MixFileId",
                table: "TrackAlternates",
                column: "MixFileId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackAlternates_TrackId_Kind",
                table: "TrackAlternates",
                columns: new[] { "TrackId", "Kind" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_FileAssets_TrackAlternates_TrackAlternateId",
                table: "FileAssets",
                column: "TrackAlternateId",
                principalTable: "TrackAlternates",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_FileAssets_TrackAlternates_TrackAlternateId",
                table: "FileAssets");

            migrationBuilder.DropTable(
                name: "TrackAlternates");

            migrationBuilder.DropIndex(
                name: "IX_FileAssets_TrackAlternateId",
                table: "FileAssets");

            migrationBuilder.DropColumn(
                name: "TrackAlternateId",
                table: "FileAssets");
        }
    }
}
