using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteringPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RetentionPolicyAndRemovals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RetentionDays",
                table: "Studios",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RemovedAfterDays",
                table: "FileAssets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RemovedAt",
                table: "FileAssets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RetentionRemovals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    StudioId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Days = table.Column<int>(type: "INTEGER", nullable: false),
                    FilesRemoved = table.Column<int>(type: "INTEGER", nullable: false),
                    BytesFreed = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesKeptShared = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionRemovals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RetentionRemovals_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RetentionRemovals_Studios_StudioId",
                        column: x => x.StudioId,
                        principalTable: "Studios",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RetentionRemovals_ProjectId",
                table: "RetentionRemovals",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_RetentionRemovals_StudioId_At",
                table: "RetentionRemovals",
                columns: new[] { "StudioId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RetentionRemovals");

            migrationBuilder.DropColumn(
                name: "RetentionDays",
                table: "Studios");

            migrationBuilder.DropColumn(
                name: "RemovedAfterDays",
                table: "FileAssets");

            migrationBuilder.DropColumn(
                name: "RemovedAt",
                table: "FileAssets");
        }
    }
}
