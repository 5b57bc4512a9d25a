package queries

import (
	"archive/zip"
	"bytes"
	"context"
	"testing"
)

func TestSniffEvidence(t *testing.T) {
	zipWith := func(names ...string) []byte {
		var b bytes.Buffer
		w := zip.NewWriter(&b)
		for _, n := range names {
			f, _ := w.Create(n)
			f.Write([]byte("<x/>"))
		}
		w.Close()
		return b.Bytes()
	}
	for name, c := range map[string]struct {
		b    []byte
		want string
	}{
		"pdf":  {[]byte("%PDF-1.7\n..."), MimePDF},
		"png":  {[]byte("\x89PNG\r\n\x1a\n...."), MimePNG},
		"jpeg": {[]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0}, MimeJPEG},
		"xlsx": {zipWith("[Content_Types].xml", "xl/workbook.xml"), MimeXLSX},
		"docx": {zipWith("[Content_Types].xml", "word/document.xml"), MimeDOCX},
		"zip":  {zipWith("a.txt"), ""},
		"exe":  {[]byte("MZ\x90\x00"), ""},
		"html": {[]byte("<html><script>"), ""},
	} {
		if got := SniffEvidence(c.b); got != c.want {
			t.Errorf("%s: %q want %q", name, got, c.want)
		}
	}
}

func TestAdjustments(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	office := actor("office", "GX01")
	in := AdjustmentInput{UnitCode: "GX0101-B2", Period: "2025Q4", Kind: "bonus", Points: 1.5, Reason: "获市局通报表扬", Evidence: "市局通报〔2025〕8号"}
	if _, err := s.AddAdjustment(ctx, actor("staff", "GX0101-B2"), in); statusOf(err) != 403 && statusOf(err) != 404 {
		t.Fatalf("staff adding: %v", err)
	}
	if _, err := s.AddAdjustment(ctx, actor("office", "GX02"), in); statusOf(err) != 404 {
		t.Fatalf("another city's office adding: %v", err)
	}
	row, err := s.AddAdjustment(ctx, office, in)
	if err != nil {
		t.Fatal(err)
	}
	bd, err := s.Breakdown(ctx, Everything, "GX0101-B2", "2025Q4")
	if err != nil {
		t.Fatal(err)
	}
	if bd.Bonus != 1.5 || bd.Score != 71.55 || len(bd.Adjustments) != 1 || bd.Adjustments[0].Evidence != in.Evidence {
		t.Fatalf("breakdown: score %.2f bonus %.2f %+v", bd.Score, bd.Bonus, bd.Adjustments)
	}
	veto := AdjustmentInput{UnitCode: "GX0101-B1", Period: "2025Q4", Kind: "veto", Points: 5, Reason: "发生重大违纪案件"}
	v, err := s.AddAdjustment(ctx, office, veto)
	if err != nil || v.Points != 0 {
		t.Fatalf("veto: %+v %v", v, err)
	}
	r, _ := s.RankingForUnit(ctx, Everything, "2025Q4", "GX0101-B1")
	for _, x := range r.Rows {
		if *x.UnitCode == "GX0101-B1" && !x.Vetoed {
			t.Error("veto not applied")
		}
	}
	list, err := s.ListAdjustments(ctx, office.Scope, AdjustmentFilter{Under: "GX0101", Period: "2025Q4"})
	if err != nil || len(list) != 2 {
		t.Fatalf("list: %v %v", list, err)
	}
	if err := s.DeleteAdjustment(ctx, office, v.ID); err != nil {
		t.Fatal(err)
	}
	publish(t, s, "2025Q4")
	if err := s.SetPeriodStatus(ctx, "office", "2025Q4", "final"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAdjustment(ctx, office, in); statusOf(err) != 409 {
		t.Errorf("adding in a final period: %v", err)
	}
	if err := s.DeleteAdjustment(ctx, office, row.ID); statusOf(err) != 409 {
		t.Errorf("deleting in a final period: %v", err)
	}
	if auditCount(t, s, "adjustment_add") != 2 || auditCount(t, s, "adjustment_delete") != 1 {
		t.Error("adjustments not audited")
	}
}
