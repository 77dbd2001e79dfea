using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteringPortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RevisionProvenance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NewMixRequestNote",
                table: "Tracks",
                type: "character varying(20000)",
                maxLength: 20000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "NewMixRequestedAt",
                table: "Tracks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EngineVersion",
                table: "Revisions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MatchJson",
                table: "Revisions",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RenderedAgainFromId",
                table: "Revisions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceMixSha256",
                table: "Revisions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            // Revisions queued before the hash was recorded: their mix's hash, from the file row they already point to.
            migrationBuilder.Sql("UPDATE \"Revisions\" SET \"SourceMixSha256\" = (SELECT \"Sha256\" FROM \"FileAssets\" WHERE \"FileAssets\".\"Id\" = \"Revisions\".\"SourceMixId\") WHERE \"SourceMixId\" IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "NewMixRequestNote",
                table: "Tracks");

            migrationBuilder.DropColumn(
                name: "NewMixRequestedAt",
                table: "Tracks");

            migrationBuilder.DropColumn(
                name: "EngineVersion",
                table: "Revisions");

            migrationBuilder.DropColumn(
                name: "MatchJson",
                table: "Revisions");

            migrationBuilder.DropColumn(
                name: "RenderedAgainFromId",
                table: "Revisions");

            migrationBuilder.DropColumn(
                name: "SourceMixSha256",
                table: "Revisions");
        }
    }
}
