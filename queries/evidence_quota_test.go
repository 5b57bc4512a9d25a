package queries

import (
	"context"
	"testing"
)

// TestEvidenceQuota: an item takes a bounded number of evidence files and
// bytes, and a unit a bounded total over all its items; the bounds are
// settings, and a refused file stores nothing.
func TestEvidenceQuota(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	publish(t, s, "2025Q4")
	for k, v := range map[string]string{SettingEvidenceFiles: "3", SettingEvidenceItemBytes: "3000", SettingEvidenceUnitBytes: "5000"} {
		if err := s.SetSetting(ctx, "admin", k, v); err != nil {
			t.Fatal(err)
		}
	}
	staff := actor("staff", "GX0101-B2")
	png := func(n int) []byte { return append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, n-8)...) }
	count := func() (n int) {
		if err := s.DB().QueryRow("SELECT count(*) FROM attachments").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	first := seedAppealOn(t, s, "GX0101-B2", "E03", AppealSubmitted)
	for i := 0; i < 3; i++ { // 3 files of 900 bytes: within 3 files and 3000 bytes
		if _, err := s.AddAttachment(ctx, staff, "appeal", first, "a.png", png(900)); err != nil {
			t.Fatalf("file %d: %v", i+1, err)
		}
	}
	if _, err := s.AddAttachment(ctx, staff, "appeal", first, "a.png", png(10)); statusOf(err) != 400 {
		t.Errorf("a 4th file on one item: %v, want 400", err)
	}
	second := seedAppealOn(t, s, "GX0101-B2", "E04", AppealSubmitted)
	if _, err := s.AddAttachment(ctx, staff, "appeal", second, "b.png", png(3001)); statusOf(err) != 400 {
		t.Errorf("3001 bytes on one item: %v, want 400", err)
	}
	if _, err := s.AddAttachment(ctx, staff, "appeal", second, "b.png", png(2000)); err != nil {
		t.Fatal(err) // the unit holds 4700 bytes
	}
	before := count()
	if _, err := s.AddAttachment(ctx, staff, "appeal", second, "c.png", png(301)); statusOf(err) != 400 {
		t.Errorf("the unit over 5000 bytes: %v, want 400", err)
	}
	if count() != before {
		t.Error("a refused file was stored")
	}
	// Another unit has its own allowance.
	other := seedAppealOn(t, s, "GX0101-B1", "E03", AppealSubmitted)
	if _, err := s.AddAttachment(ctx, actor("staff", "GX0101-B1"), "appeal", other, "d.png", png(2000)); err != nil {
		t.Errorf("another unit: %v", err)
	}
}
