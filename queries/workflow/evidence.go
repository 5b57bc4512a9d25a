package workflow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"

	"jixiao/queries"
)

// AddAttachment stores an evidence file with an appeal (while it is
// pending), a rectification item or an adjustment. Files over
// MaxAttachmentSize or of another type than PDF, PNG, JPEG, XLSX or DOCX
// are refused, and so is a file past the evidence limits (settings evidence.*).
func (d *Desk) AddAttachment(ctx context.Context, a queries.Actor, kind string, owner int64, filename string, content []byte) (*queries.Attachment, error) {
	if len(content) > queries.MaxAttachmentSize {
		return nil, invalid(fmt.Sprintf("证明材料不能超过 %d MB", queries.MaxAttachmentSize>>20), fmt.Sprintf("evidence files are limited to %d MB", queries.MaxAttachmentSize>>20))
	}
	mime := queries.SniffEvidence(content)
	if mime == "" {
		return nil, invalid("证明材料只接受 PDF、PNG、JPEG、XLSX 或 DOCX 文件", "evidence must be a PDF, PNG, JPEG, XLSX or DOCX file")
	}
	sum := sha256.Sum256(content)
	att := &queries.Attachment{OwnerKind: kind, OwnerID: owner, Filename: cleanFilename(filename, mime), Mime: mime,
		Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), UploadedBy: a.Username}
	err := d.st.WriteFlow(ctx, func(x queries.Execer) error {
		unit, period, status, err := queries.OwnerOf(ctx, x, kind, owner)
		if err != nil {
			return err
		}
		if err := d.st.MustSeeFlow(ctx, x, a.Scope, unit); err != nil {
			return err
		}
		if period.Valid { // as the read (Attachment): an owner in a hidden quarter is 404
			if err := queries.MustSeePeriod(ctx, d.st, a.Scope, period.String); err != nil {
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
			if err := queries.RefuseFinal(ctx, x, period.String, "修改"); err != nil {
				return err
			}
		}
		if err := x.QueryRowContext(ctx, `INSERT INTO attachments (owner_kind, owner_id, filename, mime, size, sha256, content, uploaded_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, uploaded_at`, kind, owner, att.Filename, mime, att.Size, att.SHA256, content, a.Username).
			Scan(&att.ID, &att.UploadedAt); err != nil {
			return err
		}
		return a.AuditIn(ctx, x, "attachment_add", fmt.Sprintf("%s %d", kind, owner), fmt.Sprintf("%s (%d bytes, sha256 %s)", att.Filename, att.Size, att.SHA256))
	})
	if err != nil {
		return nil, err
	}
	return att, nil
}

// mayAttach: appeal evidence by whoever may file for the unit while the
// appeal is pending; rectification evidence by the owner unit or an office
// covering it; adjustment evidence by an office covering the unit.
func mayAttach(ctx context.Context, x queries.Execer, a queries.Actor, kind, unit, status string) error {
	var ok bool
	var err error
	switch kind {
	case "appeal":
		if ok, err = a.May(ctx, x, queries.ActAppealFile, unit); err == nil && ok && status != queries.AppealSubmitted && status != queries.AppealForwarded {
			return conflict("申诉已办结，不能再补充材料", "the appeal is closed: no more evidence")
		}
	case "rectification":
		if ok, err = a.May(ctx, x, queries.ActRectify, unit); err == nil && !ok {
			ok, err = a.May(ctx, x, queries.ActRectifyProgress, unit)
		}
	case "adjustment":
		ok, err = a.May(ctx, x, queries.ActAdjust, unit)
	}
	if err != nil {
		return err
	}
	if !ok {
		return forbidden("无权为此上传证明材料", "you may not add evidence here")
	}
	return nil
}

// checkEvidenceQuota refuses a file that would pass the evidence limits
// (settings evidence.*): the number of files and their total size on one
// item, and the total size of every file on the unit's items, so that no
// one can fill the database with evidence.
func checkEvidenceQuota(ctx context.Context, x queries.Execer, kind string, owner int64, unit string, size int64) error {
	lim, err := queries.LimitsIn(ctx, x)
	if err != nil {
		return err
	}
	var files, itemBytes, unitBytes int64
	if err := x.QueryRowContext(ctx, `SELECT
		  count(*) FILTER (WHERE owner_kind = ? AND owner_id = ?),
		  coalesce(sum(size) FILTER (WHERE owner_kind = ? AND owner_id = ?), 0),
		  coalesce(sum(size), 0)
		FROM attachments
		WHERE (owner_kind = 'appeal' AND owner_id IN (SELECT id FROM appeals WHERE unit_code = ?))
		   OR (owner_kind = 'rectification' AND owner_id IN (SELECT id FROM rectifications WHERE unit_code = ?))
		   OR (owner_kind = 'adjustment' AND owner_id IN (SELECT id FROM adjustments WHERE unit_code = ?))`,
		kind, owner, kind, owner, unit, unit, unit).Scan(&files, &itemBytes, &unitBytes); err != nil {
		return err
	}
	mib := func(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/(1<<20)) }
	switch {
	case files+1 > lim.EvidenceFiles:
		return invalid(fmt.Sprintf("每项最多上传 %d 份证明材料", lim.EvidenceFiles),
			fmt.Sprintf("an item takes at most %d evidence files", lim.EvidenceFiles))
	case itemBytes+size > lim.EvidenceItemBytes:
		return invalid(fmt.Sprintf("每项证明材料合计不能超过 %s", mib(lim.EvidenceItemBytes)),
			fmt.Sprintf("the evidence of one item is limited to %s in total", mib(lim.EvidenceItemBytes)))
	case unitBytes+size > lim.EvidenceUnitBytes:
		return invalid(fmt.Sprintf("单位 %s 的证明材料合计不能超过 %s", unit, mib(lim.EvidenceUnitBytes)),
			fmt.Sprintf("the evidence of unit %s is limited to %s in total", unit, mib(lim.EvidenceUnitBytes)))
	}
	return nil
}

var extOf = map[string]string{queries.MimePDF: ".pdf", queries.MimePNG: ".png", queries.MimeJPEG: ".jpg", queries.MimeXLSX: ".xlsx", queries.MimeDOCX: ".docx"}

// cleanFilename keeps a display name: no folders, no control characters,
// the extension matching the sniffed type.
func cleanFilename(name, mime string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || queries.IsBidiControl(r) || strings.ContainsRune(`"<>:|?*/`, r) {
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
