using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteringPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AcknowledgeProblemsPerMix : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MixProblemsAcknowledged",
                table: "Briefs");

            migrationBuilder.AddColumn<Guid>(
                name: "ProblemsAcknowledgedForMixId",
                table: "Briefs",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ProblemsAcknowledgedForMixId",
                table: "Briefs");

            migrationBuilder.AddColumn<bool>(
                name: "MixProblemsAcknowledged",
                table: "Briefs",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }
    }
}
