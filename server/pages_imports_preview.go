package server

import (
	"github.com/gofiber/fiber/v2"

	"jixiao/dashboards"
	"jixiao/queries/imports"
)

// showPreview answers a dry run of the imports page: what the upload
// would change, with nothing stored.
func (h *importPages) showPreview(c *fiber.Ctx, d *dashboards.ImportsData, b *imports.Batch) error {
	d.Preview = b.Preview
	d.OK = dashboards.T(d.Lang, "imp_dry_ok", dashboards.ImportKindName(d.Lang, b.Kind), b.Rows)
	return h.show(c, fiber.StatusOK, d)
}
