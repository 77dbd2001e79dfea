using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteringPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TrackIndexPoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IndexPointsSeconds",
                table: "Tracks",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");
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
