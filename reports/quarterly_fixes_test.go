package reports

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/queries"
)

// The report's defects seen by readers: period titles as the app writes
// them, a trend chart titled by what it draws, the loss axis named in
// full, and peer groups by their readers' names in the XLSX.
func TestQuarterlyReadsAsTheApp(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	city, err := build(ctx, s, officeScope("GX01"), "2025Q4", "GX01", "office")
	if err != nil {
		t.Fatal(err)
	}
	if city.PeriodLabel != "2025年第四季度" {
		t.Errorf("period title %q, want 2025年第四季度 as on the pages", city.PeriodLabel)
	}
	titles := func(q *Quarterly) map[string]reportChart {
		out := map[string]reportChart{}
		for _, c := range q.charts() {
			out[c.ID] = c
		}
		return out
	}
	c := titles(city)
	if tr := c["chart-trend"]; tr.Title != "得分与排名走势" || len(tr.Option["series"].([]any)) != 2 {
		t.Errorf("a ranked city's trend: %q with %d series", tr.Title, len(tr.Option["series"].([]any)))
	}
	x := c["chart-losses"].Option["xAxis"].(map[string]any)
	if x["name"] != "失分（分）" || x["nameLocation"] != "middle" {
		t.Errorf("loss axis %v: its name is cut at the axis end", x)
	}
	// The root is not ranked: its trend draws the score alone, and says so.
	root, err := build(ctx, s, queries.Everything, "2025Q4", "GX", "office")
	if err != nil {
		t.Fatal(err)
	}
	if tr := titles(root)["chart-trend"]; tr.Title != "得分走势" || len(tr.Option["series"].([]any)) != 1 {
		t.Errorf("the root's trend: %q with %d series", tr.Title, len(tr.Option["series"].([]any)))
	}
	var buf bytes.Buffer
	if err := city.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("排名")
	for i, r := range rows[1:] {
		if strings.Contains(r[0], ":") || !strings.Contains(r[0], "·") {
			t.Errorf("排名 row %d: 对比组 %q, want the group's name (百色市局 · …), not its id", i+2, r[0])
			break
		}
	}
}
