using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteringPortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SampleMasters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "OffersSamples",
                table: "Studios",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<int>(
                name: "SampleDepositPercent",
                table: "Studios",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SampleWatermarkEverySeconds",
                table: "Studios",
                type: "integer",
                nullable: false,
                defaultValue: 10);

            migrationBuilder.AddColumn<double>(
                name: "SampleLengthSeconds",
                table: "Revisions",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "SampleStartSeconds",
                table: "Revisions",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SampleCommittedAt",
                table: "Projects",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SampleRequestNote",
                table: "Projects",
                type: "character varying(20000)",
                maxLength: 20000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SampleRequestedAt",
                table: "Projects",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "Payments",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Balance");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OffersSamples",
                table: "Studios");

            migrationBuilder.DropColumn(
                name: "SampleDepositPercent",
                table: "Studios");

            migrationBuilder.DropColumn(
                name: "SampleWatermarkEverySeconds",
                table: "Studios");

            migrationBuilder.DropColumn(
                name: "SampleLengthSeconds",
                table: "Revisions");

            migrationBuilder.DropColumn(
                name: "SampleStartSeconds",
                table: "Revisions");

            migrationBuilder.DropColumn(
                name: "SampleCommittedAt",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "SampleRequestNote",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "SampleRequestedAt",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "Purpose",
                table: "Payments");
        }
    }
}
