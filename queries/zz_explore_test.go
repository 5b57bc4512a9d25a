package queries

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func TestZZExplore(t *testing.T) {
	path := os.Getenv("XDB")
	if path == "" {
		t.Skip()
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for _, q := range strings.Split(os.Getenv("XQ"), ";;") {
		q = strings.TrimSpace(q)
		if q == "" {
			continue
		}
		for i := 0; i < 3; i++ {
			t0 := time.Now()
			rows, err := s.db.QueryContext(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			n := 0
			var out []string
			for rows.Next() {
				vals := make([]any, len(cols))
				ptr := make([]any, len(cols))
				for i := range vals {
					ptr[i] = &vals[i]
				}
				rows.Scan(ptr...)
				if n < 12 && i == 0 {
					out = append(out, fmt.Sprint(vals...))
				}
				n++
			}
			rows.Close()
			fmt.Printf("%7.1f ms %d rows  %.80s\n", float64(time.Since(t0).Microseconds())/1000, n, strings.Join(strings.Fields(q), " "))
			if i == 0 {
				for _, o := range out {
					fmt.Println("   ", o)
				}
			}
		}
	}
}
