package queries

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode"
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

var extOf = map[string]string{MimePDF: ".pdf", MimePNG: ".png", MimeJPEG: ".jpg", MimeXLSX: ".xlsx", MimeDOCX: ".docx"}

// cleanFilename keeps a display name: no folders, no control characters,
// the extension matching the sniffed type.
func cleanFilename(name, mime string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || IsBidiControl(r) || strings.ContainsRune(`"<>:|?*/`, r) {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 120 {
		name = string(r[:120])
	}
	ext := extOf[mime]
	if strings.ToLower(filepath.Ext(name)) == ext || (ext == ".jpg" && strings.EqualFold(filepath.Ext(name), ".jpeg")) {
		return name
	}
	if name == "." || name == "" {
		name = "evidence"
	}
	return strings.TrimSuffix(name, filepath.Ext(name)) + ext
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

// AddAttachment stores an evidence file with an appeal (while it is
// pending), a rectification item or an adjustment. Files over
// MaxAttachmentSize or of another type than PDF, PNG, JPEG, XLSX or DOCX
// are refused.
func (s *Store) AddAttachment(ctx context.Context, a Actor, kind string, owner int64, filename string, content []byte) (*Attachment, error) {
	if len(content) > MaxAttachmentSize {
		return nil, invalid(fmt.Sprintf("证明材料不能超过 %d MB", MaxAttachmentSize>>20), fmt.Sprintf("evidence files are limited to %d MB", MaxAttachmentSize>>20))
	}
	mime := SniffEvidence(content)
	if mime == "" {
		return nil, invalid("证明材料只接受 PDF、PNG、JPEG、XLSX 或 DOCX 文件", "evidence must be a PDF, PNG, JPEG, XLSX or DOCX file")
	}
	sum := sha256.Sum256(content)
	att := &Attachment{OwnerKind: kind, OwnerID: owner, Filename: cleanFilename(filename, mime), Mime: mime,
		Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), UploadedBy: a.Username}
	err := s.writeFlow(ctx, func(x sqlExecer) error {
		unit, period, status, err := ownerUnit(ctx, x, kind, owner)
		if err != nil {
			return err
		}
		if err := s.mustSeeFlow(ctx, x, a.Scope, unit); err != nil {
			return err
		}
		if period.Valid { // as the read (Attachment): an owner in a hidden quarter is 404
			if err := s.mustSeePeriod(ctx, a.Scope, period.String); err != nil {
				return err
			}
		}
		if err := mayAttach(ctx, x, a, kind, unit, status); err != nil {
			return err
		}
		if err := checkEvidenceQuota(ctx, x, kind, owner, unit, att.Size); err != nil {
			return err
		}
		if period.Valid && kind != "rectification" {
			if err := refuseFinal(ctx, x, period.String, "修改"); err != nil {
				return err
			}
		}
		if err := x.QueryRowContext(ctx, `INSERT INTO attachments (owner_kind, owner_id, filename, mime, size, sha256, content, uploaded_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, uploaded_at`, kind, owner, att.Filename, mime, att.Size, att.SHA256, content, a.Username).
			Scan(&att.ID, &att.UploadedAt); err != nil {
			return err
		}
		return a.audit(ctx, x, "attachment_add", fmt.Sprintf("%s %d", kind, owner), fmt.Sprintf("%s (%d bytes, sha256 %s)", att.Filename, att.Size, att.SHA256))
	})
	if err != nil {
		return nil, err
	}
	return att, nil
}

// mayAttach: appeal evidence by whoever may file for the unit while the
// appeal is pending; rectification evidence by the owner unit or an office
// covering it; adjustment evidence by an office covering the unit.
func mayAttach(ctx context.Context, x sqlExecer, a Actor, kind, unit, status string) error {
	var ok bool
	var err error
	switch kind {
	case "appeal":
		if ok, err = mayFile(ctx, x, a, unit); err == nil && ok && status != AppealSubmitted && status != AppealForwarded {
			return conflict("申诉已办结，不能再补充材料", "the appeal is closed: no more evidence")
		}
	case "rectification":
		ok, err = mayWorkOn(ctx, x, a, unit)
	case "adjustment":
		ok, err = a.may(ctx, x, ActAdjust, unit)
	}
	if err != nil {
		return err
	}
	if !ok {
		return forbidden("无权为此上传证明材料", "you may not add evidence here")
	}
	return nil
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
