using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteringPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AlbumSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "AlbumLevelLu",
                table: "Tracks",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Artists",
                table: "Tracks",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Composer",
                table: "Tracks",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "CrossfadeCurve",
                table: "Tracks",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "EqualPower"); // the model's defaults

            migrationBuilder.AddColumn<double>(
                name: "CrossfadeSeconds",
                table: "Tracks",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "FadeInSeconds",
                table: "Tracks",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<string>(
                name: "FadeOutCurve",
                table: "Tracks",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "Exponential"); // the model's defaults

            migrationBuilder.AddColumn<double>(
                name: "FadeOutSeconds",
                table: "Tracks",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<string>(
                name: "Isrc",
                table: "Tracks",
                type: "TEXT",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "PauseBeforeSeconds",
                table: "Tracks",
                type: "REAL",
                nullable: false,
                defaultValue: 2.0); // existing tracks get the usual 2 s between songs

            migrationBuilder.AddColumn<double>(
                name: "TrimEndSeconds",
                table: "Tracks",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "TrimStartSeconds",
                table: "Tracks",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<string>(
                name: "AlbumArtist",
                table: "Projects",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "AnchorTrackId",
                table: "Projects",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Label",
                table: "Projects",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "ReleaseYear",
                table: "Projects",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SequenceApprovedAt",
                table: "Projects",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UpcEan",
                table: "Projects",
                type: "TEXT",
                maxLength: 13,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AlbumAssemblies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    SequenceJson = table.Column<string>(type: "TEXT", nullable: false),
                    RequestedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ProgrammeFileId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PreviewFileId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CdFileId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReportJson = table.Column<string>(type: "TEXT", nullable: true),
                    PostedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PostedNote = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlbumAssemblies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlbumAssemblies_AspNetUsers_RequestedById",
                        column: x => x.RequestedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_AlbumAssemblies_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AlbumAssemblies_ProjectId_Number",
                table: "AlbumAssemblies",
                columns: new[] { "ProjectId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AlbumAssemblies_RequestedById",
                table: "AlbumAssemblies",
                column: "RequestedById");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AlbumAssemblies");

            migrationBuilder.DropColumn(
                name: "AlbumLevelLu",
                table: "Tracks");

            migrationBuilder.DropColumn(
                name: "Artists",
                table: "Tracks");

            migrationBuilder.DropColumn(
                name: "Composer",
                table: "Tracks");

            migrationBuilder.DropColumn(
                name: "CrossfadeCurve",
                table: "Tracks");

            migrationBuilder.DropColumn(
                name: "CrossfadeSeconds",
                table: "Tracks");

            migrationBuilder.DropColumn(
                name: "FadeInSeconds",
                table: "Tracks");

            migrationBuilder.DropColumn(
                name: "FadeOutCurve",
                table: "Tracks");

            migrationBuilder.DropColumn(
                name: "FadeOutSeconds",
                table: "Tracks");

            migrationBuilder.DropColumn(
                name: "Isrc",
                table: "Tracks");

            migrationBuilder.DropColumn(
                name: "PauseBeforeSeconds",
                table: "Tracks");

            migrationBuilder.DropColumn(
                name: "TrimEndSeconds",
                table: "Tracks");

            migrationBuilder.DropColumn(
                name: "TrimStartSeconds",
                table: "Tracks");

            migrationBuilder.DropColumn(
                name: "AlbumArtist",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "AnchorTrackId",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "Label",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "ReleaseYear",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "SequenceApprovedAt",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "UpcEan",
                table: "Projects");
        }
    }
}
