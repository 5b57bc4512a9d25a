package workflow

import (
	"context"
	"testing"

	"jixiao/queries"
)

// TestEvidenceQuota: an item takes a bounded number of evidence files and
// bytes, and a unit a bounded total over all its items; the bounds are
// settings, and a refused file stores nothing.
func TestEvidenceQuota(t *testing.T) {
	s, d := openDesk(t)
	ctx := context.Background()
	publish(t, s, "2025Q4")
	for k, v := range map[string]string{queries.SettingEvidenceFiles: "3", queries.SettingEvidenceItemBytes: "3000", queries.SettingEvidenceUnitBytes: "5000"} {
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
	first := seedAppealOn(t, s, "GX0101-B2", "E03", queries.AppealSubmitted)
	for i := 0; i < 3; i++ { // 3 files of 900 bytes: within 3 files and 3000 bytes
		if _, err := d.AddAttachment(ctx, staff, "appeal", first, "a.png", png(900)); err != nil {
			t.Fatalf("file %d: %v", i+1, err)
		}
	}
	if _, err := d.AddAttachment(ctx, staff, "appeal", first, "a.png", png(10)); statusOf(err) != 400 {
		t.Errorf("a 4th file on one item: %v, want 400", err)
	}
	second := seedAppealOn(t, s, "GX0101-B2", "E04", queries.AppealSubmitted)
	if _, err := d.AddAttachment(ctx, staff, "appeal", second, "b.png", png(3001)); statusOf(err) != 400 {
		t.Errorf("3001 bytes on one item: %v, want 400", err)
	}
	if _, err := d.AddAttachment(ctx, staff, "appeal", second, "b.png", png(2000)); err != nil {
		t.Fatal(err) // the unit holds 4700 bytes
	}
	before := count()
	if _, err := d.AddAttachment(ctx, staff, "appeal", second, "c.png", png(301)); statusOf(err) != 400 {
		t.Errorf("the unit over 5000 bytes: %v, want 400", err)
	}
	if count() != before {
		t.Error("a refused file was stored")
	}
	// Another unit has its own allowance.
	other := seedAppealOn(t, s, "GX0101-B1", "E03", queries.AppealSubmitted)
	if _, err := d.AddAttachment(ctx, actor("staff", "GX0101-B1"), "appeal", other, "d.png", png(2000)); err != nil {
		t.Errorf("another unit: %v", err)
	}
}

// TestAttachments: a file's name is cleaned, its size bounded; it is
// downloaded where its owner is seen.
func TestAttachments(t *testing.T) {
	if got := cleanFilename("../../etc/passwd", queries.MimePDF); got != "passwd.pdf" {
		t.Errorf("clean: %q", got)
	}
	if got := cleanFilename("照片.JPEG", queries.MimeJPEG); got != "照片.JPEG" {
		t.Errorf("clean: %q", got)
	}
	s, d := openDesk(t)
	publish(t, s, "2025Q4")
	id := seedAppeal(t, s, queries.AppealSubmitted)
	big := append([]byte("%PDF-"), make([]byte, queries.MaxAttachmentSize)...)
	if _, err := d.AddAttachment(context.Background(), actor("staff", "GX0101-B2"), "appeal", id, "big.pdf", big); statusOf(err) != 400 {
		t.Errorf("an oversized file: %v", err)
	}
	att, err := d.AddAttachment(context.Background(), actor("staff", "GX0101-B2"), "appeal", id, "ok.png", []byte("\x89PNG\r\n\x1a\nxx"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Attachment(context.Background(), actor("staff", "GX0101-B1").Scope, att.ID); statusOf(err) != 404 {
		t.Errorf("a peer downloading: %v", err)
	}
	if _, body, err := s.Attachment(context.Background(), actor("leader", "GX01").Scope, att.ID); err != nil || len(body) != 10 {
		t.Errorf("the city leader downloading: %v", err)
	}
}

// TestEvidenceNamesLoseBidiControls: a right-to-left override cannot make
// "invoice\u202Efdp.exe" read as a PDF; the other direction marks go too.
func TestEvidenceNamesLoseBidiControls(t *testing.T) {
	for in, want := range map[string]string{
		"invoice\u202Efdp.pdf":              "invoicefdp.pdf",
		"a\u202Ab\u202Bc\u202Cd\u202De.pdf": "abcde.pdf",
		"\u2066x\u2067y\u2068z\u2069.pdf":   "xyz.pdf",
		"l\u200Er\u200Fa\u061Cb.pdf":        "lrab.pdf",
		"报告\u202E.pdf":                      "报告.pdf",
	} {
		if got := cleanFilename(in, queries.MimePDF); got != want {
			t.Errorf("cleanFilename(%q) = %q, want %q", in, got, want)
		}
	}
}
