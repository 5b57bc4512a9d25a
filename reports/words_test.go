package reports

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/data"
)

// TestNamesComeFromTheWords: no face below server spells a grade, a
// status (of a period, an appeal, a rectification, a declaration) or a
// system by itself: each name comes from
// data's words, so that one thing has one name everywhere ("final" was
// 已确定 in one place and 已定稿 in another). Comments and the prose of the
// i18n tables may mention them.
func TestNamesComeFromTheWords(t *testing.T) {
	var names []string
	for _, m := range []map[string]string{data.GradeNames, data.StatusNames, data.AppealStatusNames, data.RectStatusNames,
		data.SubmissionStatusNames, data.SystemNames} {
		for _, n := range m {
			names = append(names, n)
		}
	}
	var files []string
	for _, pat := range []string{"*.go", "templates/*", "../dashboards/*.go", "../dashboards/templates/*"} {
		fs, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, fs...)
	}
	if len(files) < 50 {
		t.Fatalf("only %d files found", len(files))
	}
	for _, f := range files {
		base := filepath.Base(f)
		if strings.HasSuffix(base, "_test.go") || strings.HasSuffix(base, "i18n.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue
			}
			if at := strings.Index(line, " // "); at >= 0 && strings.HasSuffix(f, ".go") {
				line = line[:at]
			}
			for _, n := range names {
				if strings.Contains(line, n) {
					t.Errorf("%s:%d spells %q: take it from data's words", f, i+1, n)
				}
			}
		}
	}
}
