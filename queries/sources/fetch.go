package sources

import (
	"bufio"
	"context"
	"database/sql/driver"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"jixiao/data"
)

// valueColumns are the columns of a values file, in the order written.
var valueColumns = []string{"indicator_code", "unit_code", "period", "actual", "target", "note"}

// fetched is what reading a pull's result gave: its rows were written to
// the values CSV; errors name the result row (first = 1) and column.
type fetched struct {
	rows    int64
	errors  []data.RowError
	sample  [][]string
	columns []string // the result's own name of each of valueColumns ("" when absent)
}

// maxErrors is how many row errors a run keeps (as an import does).
const maxErrors = 1000

// sampleRows is how many rows a dry run shows.
const sampleRows = 20

// fetch runs the pull's query for period at the source in a read-only
// transaction with a statement timeout, streaming each row into w as a
// values CSV. A connection or SQL failure is returned as err (worded by
// conn.plain); refused rows are in the result's errors.
func (c *conn) fetch(ctx context.Context, query, period string, maxRows int64, timeout time.Duration, w io.Writer) (*fetched, error) {
	s, err := c.begin(ctx, timeout)
	if err != nil {
		return nil, err
	}
	defer s.close()
	q, n := bindPeriod(query, c.driver)
	var args []any
	if n > 0 && c.driver == DriverPostgres {
		args = []any{period} // one $1, however often used
	}
	for i := 0; i < n && c.driver == DriverMySQL; i++ {
		args = append(args, period)
	}
	rows, err := s.query(ctx, q, args)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names := rows.Columns()
	f := &fetched{}
	idx, herrs := data.MapHeader(data.KindValues, names)
	for _, h := range herrs {
		f.errors = append(f.errors, data.RowError{Row: 0, Column: h.Column, Message: "查询结果缺少或重复列 / the result lacks or repeats the column " + h.Column + ": " + h.Message.Text("zh")})
	}
	if len(f.errors) > 0 {
		return f, nil
	}
	f.columns = make([]string, len(valueColumns))
	for i, j := range idx {
		if j >= 0 {
			f.columns[i] = names[j]
		}
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(valueColumns); err != nil {
		return nil, err
	}
	rec := make([]string, len(valueColumns))
	for rows.Next() {
		f.rows++
		if f.rows > maxRows {
			f.errors = append(f.errors, data.RowError{Row: int(f.rows), Message: fmt.Sprintf(
				"结果超过 import.max_rows 上限（%d 行），本次未导入任何数据 / the result has more rows than import.max_rows (%d); nothing was imported", maxRows, maxRows)})
			return f, nil
		}
		vals, err := rows.Values()
		if err != nil {
			return nil, err
		}
		for i, j := range idx {
			rec[i] = ""
			if j >= 0 {
				rec[i] = cell(vals[j])
			}
		}
		if p := strings.ToUpper(strings.TrimSpace(rec[2])); p != period && len(f.errors) < maxErrors {
			f.errors = append(f.errors, data.RowError{Row: int(f.rows), Column: f.columns[2],
				Message: fmt.Sprintf("期间为 %q，本次拉取的是 %s / the period is %q but this run pulls %s", rec[2], period, rec[2], period)})
		}
		if len(f.sample) < sampleRows {
			f.sample = append(f.sample, append([]string(nil), rec...))
		}
		if len(f.errors) == 0 {
			if err := cw.Write(rec); err != nil {
				return nil, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return nil, err
	}
	return f, bw.Flush()
}

// cell is one value of the result as the text of a CSV cell.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int:
		return strconv.Itoa(x)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.Format("2006-01-02 15:04:05")
	case driver.Valuer:
		if dv, err := x.Value(); err == nil {
			if _, again := dv.(driver.Valuer); !again {
				return cell(dv)
			}
		}
	}
	return fmt.Sprint(v)
}
