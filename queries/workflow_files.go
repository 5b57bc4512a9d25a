package queries

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"time"
)

// MaxAttachmentSize bounds one evidence file.
const MaxAttachmentSize = 10 << 20

// Attachment is one evidence file (its content is fetched on its own).
type Attachment struct {
	ID         int64     `json:"id"`
	OwnerKind  string    `json:"owner_kind"`
	OwnerID    int64     `json:"owner_id"`
	Filename   string    `json:"filename"`
	Mime       string    `json:"mime"`
	Size       int64     `json:"size"`
	SHA256     string    `json:"sha256"`
	UploadedBy string    `json:"uploaded_by"`
	UploadedAt time.Time `json:"uploaded_at"`
}

// Evidence types accepted, by the content's own signature (never the name).
const (
	MimePDF  = "application/pdf"
	MimePNG  = "image/png"
	MimeJPEG = "image/jpeg"
	MimeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	MimeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// SniffEvidence returns the type of an evidence file from its content:
// PDF, PNG, JPEG, XLSX or DOCX; "" for anything else.
func SniffEvidence(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return MimePDF
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return MimePNG
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return MimeJPEG
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return ""
		}
		has := map[string]bool{}
		for _, f := range zr.File {
			has[f.Name] = true
		}
		if !has["[Content_Types].xml"] {
			return ""
		}
		if has["xl/workbook.xml"] {
			return MimeXLSX
		}
		if has["word/document.xml"] {
			return MimeDOCX
		}
	}
	return ""
}

// IsBidiControl reports the invisible direction marks and overrides
// (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) that make a name
// read other than it is ("invoice\u202Efdp.exe").
func IsBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0x061C
}

// ownerUnit returns the unit and period of an attachment's owner, for rules and visibility.
func ownerUnit(ctx context.Context, x sqlExecer, kind string, id int64) (unit string, period sql.NullString, status string, err error) {
	var q string
	switch kind {
	case "appeal":
		q = "SELECT unit_code, period, status FROM appeals WHERE id = ?"
	case "rectification":
		q = "SELECT unit_code, period, status FROM rectifications WHERE id = ?"
	case "adjustment":
		q = "SELECT unit_code, period, '' FROM adjustments WHERE id = ?"
	default:
		return "", period, "", ErrNotFound
	}
	err = x.QueryRowContext(ctx, q, id).Scan(&unit, &period, &status)
	if err == sql.ErrNoRows {
		err = ErrNotFound
	}
	return unit, period, status, err
}

// Attachment returns an evidence file and its content when the scope sees its owner.
func (s *Store) Attachment(ctx context.Context, sc Scope, id int64) (*Attachment, []byte, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var att Attachment
	var content []byte
	err := s.db.QueryRowContext(ctx, `SELECT id, owner_kind, owner_id, filename, mime, size, sha256, uploaded_by, uploaded_at, content
		FROM attachments WHERE id = ?`, id).Scan(&att.ID, &att.OwnerKind, &att.OwnerID, &att.Filename, &att.Mime, &att.Size,
		&att.SHA256, &att.UploadedBy, &att.UploadedAt, &content)
	if err == sql.ErrNoRows {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	unit, period, _, err := ownerUnit(ctx, s.db, att.OwnerKind, att.OwnerID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.seen(ctx, sc, unit, seeFlow); err != nil {
		return nil, nil, err
	}
	if period.Valid {
		if err := s.mustSeePeriod(ctx, sc, period.String); err != nil {
			return nil, nil, err
		}
	}
	return &att, content, nil
}

// attachmentsOf lists the files of owners of one kind, without content.
func (s *Store) attachmentsOf(ctx context.Context, kind string, ids []int64) ([]Attachment, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	want := make(map[int64]bool, len(ids))
	lo, hi := ids[0], ids[0]
	for _, id := range ids {
		want[id] = true
		lo, hi = min(lo, id), max(hi, id)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, owner_kind, owner_id, filename, mime, size, sha256, uploaded_by, uploaded_at
		FROM attachments WHERE owner_kind = ? AND owner_id BETWEEN ? AND ? ORDER BY id`, kind, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		var f Attachment
		if err := rows.Scan(&f.ID, &f.OwnerKind, &f.OwnerID, &f.Filename, &f.Mime, &f.Size, &f.SHA256, &f.UploadedBy, &f.UploadedAt); err != nil {
			return nil, err
		}
		if want[f.OwnerID] {
			out = append(out, f)
		}
	}
	return out, rows.Err()
}
