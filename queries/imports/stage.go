package imports

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/duckdb/duckdb-go/v2"

	"jixiao/data"
	"jixiao/queries"
)

// staged describes the file loaded into the connection's temp table "stage":
// one VARCHAR column per canonical field (NULL when blank), in file order,
// so that rowid + 2 is the row a spreadsheet shows.
type staged struct {
	kind    data.Kind
	format  data.Format
	headers map[string]string // canonical field -> header as written in the file
	rows    int64
	blanks  []int // CSV: blank lines, to give rows as a spreadsheet numbers them (data.SheetRow)
}

// filled is the SQL condition of a staged row with at least one cell: a row
// of empty cells (",,,,," as spreadsheets save cleared rows) is skipped
// like a blank line, keeping its number.
func (st *staged) filled() string {
	fields := data.Tables[st.kind]
	cols := make([]string, len(fields))
	for i, f := range fields {
		cols[i] = queries.QuoteIdent(f.Name)
	}
	return "coalesce(" + strings.Join(cols, ", ") + ") IS NOT NULL"
}

// stageFile loads path into temp table stage on conn.
func stageFile(ctx context.Context, conn *sql.Conn, kind data.Kind, path string) (*staged, []issue, error) {
	format, err := data.DetectFormat(path)
	if err != nil {
		return nil, nil, err
	}
	st := &staged{kind: kind, format: format, headers: map[string]string{}}
	_, _ = conn.ExecContext(ctx, "DROP TABLE IF EXISTS temp.stage")
	var rowErrs []issue
	switch format {
	case data.FormatCSV:
		rowErrs, err = stageCSV(ctx, conn, st, path)
	case data.FormatXLSX:
		rowErrs, err = stageXLSX(ctx, conn, st, path)
	case data.FormatParquet:
		rowErrs, err = stageParquet(ctx, conn, st, path)
	}
	if err != nil || len(rowErrs) > 0 {
		return st, rowErrs, err
	}
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM temp.stage WHERE "+st.filled()).Scan(&st.rows); err != nil {
		return st, nil, err
	}
	if st.rows == 0 {
		return st, []issue{{Row: 2, Msg: data.Msg{Key: "empty_file"}}}, nil
	}
	return st, nil, nil
}

// mapHeader matches the header and returns, per canonical field, a SQL
// expression over the source columns named by col(i).
func mapHeader(st *staged, header []string, col func(i int) string) ([]string, []issue) {
	idx, herrs := data.MapHeader(st.kind, header)
	if len(herrs) > 0 {
		errs := make([]issue, len(herrs))
		for i, h := range herrs {
			errs[i] = headerError(h)
		}
		return nil, errs
	}
	fields := data.Tables[st.kind]
	exprs := make([]string, len(fields))
	for i, f := range fields {
		if idx[i] < 0 {
			exprs[i] = "NULL::VARCHAR AS " + queries.QuoteIdent(f.Name)
			continue
		}
		st.headers[f.Name] = strings.TrimSpace(strings.TrimPrefix(header[idx[i]], "\uFEFF"))
		exprs[i] = fmt.Sprintf("nullif(trim(%s), '') AS %s", col(idx[i]), queries.QuoteIdent(f.Name))
	}
	return exprs, nil
}

func stageCSV(ctx context.Context, conn *sql.Conn, st *staged, path string) ([]issue, error) {
	enc, err := data.DetectEncoding(path)
	var ee *data.EncodingError
	if errors.As(err, &ee) {
		return []issue{encodingIssue(ee, path)}, nil
	}
	if err != nil {
		return nil, err
	}
	src := path
	if enc == data.GB18030 {
		tmp, err := os.CreateTemp("", "jixiao-import-*.csv")
		if err != nil {
			return nil, err
		}
		defer os.Remove(tmp.Name())
		if err := data.ConvertToUTF8(path, tmp); err != nil {
			tmp.Close()
			return nil, fmt.Errorf("cannot decode the file as GB18030: %w", err)
		}
		if err := tmp.Close(); err != nil {
			return nil, err
		}
		src = tmp.Name()
	}
	if st.blanks, err = data.CSVBlankRecords(src); err != nil {
		return nil, err
	}
	f, err := os.Open(src)
	if err != nil {
		return nil, err
	}
	header, err := data.ReadCSVHeader(f)
	f.Close()
	if err != nil {
		return []issue{{Row: 1, Msg: data.Msg{Key: "empty_file"}}}, nil
	}
	exprs, herrs := mapHeader(st, header, func(i int) string { return fmt.Sprintf("c%d", i) })
	if herrs != nil {
		return herrs, nil
	}
	cols := make([]string, len(header))
	for i := range header {
		cols[i] = fmt.Sprintf("'c%d': 'VARCHAR'", i)
	}
	q := fmt.Sprintf(`CREATE TEMP TABLE stage AS SELECT %s FROM read_csv(%s, header = false, skip = 1,
		auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {%s},
		null_padding = true, ignore_errors = false, strict_mode = false)`,
		strings.Join(exprs, ", "), queries.QuoteLit(src), strings.Join(cols, ", "))
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return []issue{csvIssue(err)}, nil
	}
	return nil, nil
}

// encodingIssue places an encoding problem at its row and column.
func encodingIssue(ee *data.EncodingError, path string) issue {
	is := issue{Row: 1, Msg: ee.Msg()}
	if ee.UTF16 {
		return is
	}
	is.Row = ee.Row
	if h := data.HeaderCells(path, data.GB18030); ee.Field < len(h) {
		is.Column = strings.TrimSpace(h[ee.Field])
	}
	return is
}

var duckLineRe = regexp.MustCompile(`Line: ([0-9]+)`)

// csvIssue words a DuckDB CSV-reader error at the line it names, without
// DuckDB's text (which holds the server's temp path).
func csvIssue(err error) issue {
	row := 1
	if m := duckLineRe.FindStringSubmatch(err.Error()); m != nil {
		row, _ = strconv.Atoi(m[1])
	}
	return issue{Row: row, Msg: data.Msg{Key: "bad_csv"}}
}

func stageXLSX(ctx context.Context, conn *sql.Conn, st *staged, path string) ([]issue, error) {
	fields := data.Tables[st.kind]
	defs := make([]string, len(fields))
	for i, f := range fields {
		defs[i] = queries.QuoteIdent(f.Name) + " VARCHAR"
	}
	if _, err := conn.ExecContext(ctx, "CREATE TEMP TABLE stage ("+strings.Join(defs, ", ")+")"); err != nil {
		return nil, err
	}
	lim, err := queries.LimitsIn(ctx, conn)
	if err != nil {
		return nil, err
	}
	var idx []int
	var herrs []issue
	err = conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppender(dc.(driver.Conn), "temp", "main", "stage")
		if err != nil {
			return err
		}
		first := true
		records := 0
		vals := make([]driver.Value, len(fields))
		err = data.XLSXRows(path, data.XLSXLimits{SheetBytes: lim.XLSXSheetBytes, CellBytes: lim.XLSXCellBytes}, func(row []string) error {
			if first {
				first = false
				var hes []data.HeaderError
				idx, hes = data.MapHeader(st.kind, row)
				for _, h := range hes {
					herrs = append(herrs, headerError(h))
				}
				if len(herrs) > 0 {
					return errStop
				}
				for i, f := range fields {
					if idx[i] >= 0 {
						st.headers[f.Name] = strings.TrimSpace(row[idx[i]])
					}
				}
				return nil
			}
			blank := true
			for i := range fields {
				vals[i] = nil
				if idx[i] >= 0 && idx[i] < len(row) {
					if v := strings.TrimSpace(row[idx[i]]); v != "" {
						vals[i] = v
						blank = false
					}
				}
			}
			if blank {
				// An empty row is skipped, as a CSV reader skips a blank
				// line; rows after it keep the numbers the sheet shows.
				st.blanks = append(st.blanks, records)
				return nil
			}
			records++
			if err := app.AppendRow(vals...); err != nil {
				return &data.FileError{Row: records + len(st.blanks) + 1, Column: -1, Msg: data.Msg{Key: "bad_cell"}}
			}
			return nil
		})
		if cerr := app.Close(); err == nil {
			err = cerr
		}
		return err
	})
	if herrs != nil {
		return herrs, nil
	}
	var fe *data.FileError
	if errors.As(err, &fe) {
		is := issue{Row: max(fe.Row, 1), Msg: fe.Msg}
		if fe.Column >= 0 {
			is.Column = headerAt(st, idx, fe.Column)
		}
		return []issue{is}, nil
	}
	if err != nil && err != errStop {
		return nil, err
	}
	return nil, nil
}

// headerAt names the cell i of a sheet row by the header of its column.
func headerAt(st *staged, idx []int, i int) string {
	for f, j := range idx {
		if j == i {
			return st.column(data.Tables[st.kind][f].Name)
		}
	}
	return excelColumn(i)
}

// excelColumn is the letter name of a 0-based sheet column (A, …, Z, AA, …).
func excelColumn(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

func stageParquet(ctx context.Context, conn *sql.Conn, st *staged, path string) ([]issue, error) {
	rows, err := conn.QueryContext(ctx, "SELECT name FROM parquet_schema(?) WHERE num_children IS NULL OR num_children = 0", path)
	if err != nil {
		return []issue{{Row: 1, Msg: data.Msg{Key: "bad_parquet"}}}, nil
	}
	var header []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		header = append(header, n)
	}
	rows.Close()
	exprs, herrs := mapHeader(st, header, func(i int) string {
		// Numbers arrive typed; VARCHAR keeps the same checks for every format.
		return "CAST(" + queries.QuoteIdent(header[i]) + " AS VARCHAR)"
	})
	if herrs != nil {
		return herrs, nil
	}
	q := fmt.Sprintf("CREATE TEMP TABLE stage AS SELECT %s FROM read_parquet(%s)", strings.Join(exprs, ", "), queries.QuoteLit(path))
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return []issue{{Row: 1, Msg: data.Msg{Key: "bad_parquet"}}}, nil
	}
	return nil, nil
}

type stopErr struct{}

func (stopErr) Error() string { return "stop" }

var errStop error = stopErr{}

func headerError(h data.HeaderError) issue {
	return issue{Row: 1, Column: h.Column, Msg: h.Message}
}

// issue is one validation problem before it is rendered in a language.
type issue = queries.Issue
