package reports

import (
	"context"
	"fmt"
	"io"
)

// Write writes the report to w as format: html, xlsx or pdf.
func (q *Quarterly) Write(ctx context.Context, w io.Writer, format string) error {
	switch format {
	case "html":
		return q.WriteHTML(w)
	case "xlsx":
		return q.WriteXLSX(w)
	case "pdf":
		return q.WritePDF(ctx, w)
	}
	return fmt.Errorf("unknown format %q (html, xlsx or pdf)", format)
}
