using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteringPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RetentionDaysPerFileKind : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "RetentionDays",
                table: "Studios",
                newName: "UnapprovedRevisionRetentionDays");

            migrationBuilder.AddColumn<int>(
                name: "MixRetentionDays",
                table: "Studios",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "PreviewRetentionDays",
                table: "Studios",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // The one number the studio had applies to every kind, so nothing is kept shorter or longer than before.
            migrationBuilder.Sql(
                "UPDATE \"Studios\" SET \"MixRetentionDays\" = \"UnapprovedRevisionRetentionDays\", " +
                "\"PreviewRetentionDays\" = \"UnapprovedRevisionRetentionDays\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MixRetentionDays",
                table: "Studios");

            migrationBuilder.DropColumn(
                name: "PreviewRetentionDays",
                table: "Studios");

            migrationBuilder.RenameColumn(
                name: "UnapprovedRevisionRetentionDays",
                table: "Studios",
                newName: "RetentionDays");
        }
    }
}
