using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteringPortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TrackIndexPoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<double>>(
                name: "IndexPointsSeconds",
                table: "Tracks",
                type: "double precision[]",
                nullable: false,
                // Existing tracks get no index points; without a default PostgreSQL refuses a NOT NULL column on a table with rows.
                defaultValueSql: "'{}'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IndexPointsSeconds",
                table: "Tracks");
        }
    }
}
