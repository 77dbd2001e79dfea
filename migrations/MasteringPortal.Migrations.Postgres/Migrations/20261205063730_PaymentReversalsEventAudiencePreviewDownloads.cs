using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MasteringPortal.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PaymentReversalsEventAudiencePreviewDownloads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AlbumPackageTracks",
                table: "Studios",
                type: "integer",
                nullable: false,
                defaultValue: 14);

            migrationBuilder.AddColumn<bool>(
                name: "ClientsMayDownloadPreviews",
                table: "Studios",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "EpPackageTracks",
                table: "Studios",
                type: "integer",
                nullable: false,
                defaultValue: 6);

            migrationBuilder.AddColumn<bool>(
                name: "PaymentReversed",
                table: "Projects",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Audience",
                table: "ProjectEvents",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Everyone");

            migrationBuilder.AddColumn<string>(
                name: "PaymentIntentId",
                table: "Payments",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Payments_PaymentIntentId",
                table: "Payments",
                column: "PaymentIntentId");
            // Card payments recorded before this column kept Stripe's PaymentIntent id as their reference.
            migrationBuilder.Sql("UPDATE \"Payments\" SET \"PaymentIntentId\" = \"Reference\" WHERE \"Method\" = 'Stripe' AND \"Reference\" LIKE 'pi\\_%' ESCAPE '\\'");
            // Lines the render and master jobs wrote about revisions the client may not have been shown: the studio's only.
            migrationBuilder.Sql("UPDATE \"ProjectEvents\" SET \"Audience\" = 'Studio' WHERE \"ActorId\" IS NULL AND (\"Kind\" = 'FileAdded' OR (\"Kind\" = 'Note' AND \"Description\" LIKE 'Revision %'))");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Payments_PaymentIntentId",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "AlbumPackageTracks",
                table: "Studios");

            migrationBuilder.DropColumn(
                name: "ClientsMayDownloadPreviews",
                table: "Studios");

            migrationBuilder.DropColumn(
                name: "EpPackageTracks",
                table: "Studios");

            migrationBuilder.DropColumn(
                name: "PaymentReversed",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "Audience",
                table: "ProjectEvents");

            migrationBuilder.DropColumn(
                name: "PaymentIntentId",
                table: "Payments");
        }
    }
}
