package imports

import (
	"context"
	"errors"
	"strings"
	"testing"

	"jixiao/data"
	"jixiao/queries"
)

// TestUnitsFunctionColumn: the optional function column (职能代码) is
// stored for departments, derived from the code when empty, refused on
// another kind and when it repeats among a bureau's departments.
func TestUnitsFunctionColumn(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	good := writeFile(t, "units.csv", "代码,名称,上级代码,类型,层级,职能代码\nGX01-ZG,百色市局征收管理科,GX01,department,city,ZGK\n")
	if _, err := Import(ctx, s, data.KindUnits, good, Options{User: "t"}); err != nil {
		t.Fatal(err)
	}
	u, err := s.Unit(ctx, queries.Everything, "GX01-ZG")
	if err != nil || u.Function == nil || *u.Function != "ZGK" {
		t.Fatalf("stored function: %+v %v", u, err)
	}
	if u, _ := s.Unit(ctx, queries.Everything, "GX01-NF"); u.Function == nil || *u.Function != "NF" {
		t.Errorf("derived function: %+v", u.Function)
	}
	if u, _ := s.Unit(ctx, queries.Everything, "GX01"); u.Function != nil {
		t.Errorf("a bureau has a function: %v", *u.Function)
	}
	for _, c := range []struct{ body, want string }{
		{"code,name,parent_code,kind,level,function\nGX0101,百色第1区县税务局,GX01,bureau,county,ZG\n", "departments only"},
		{"code,name,parent_code,kind,level,function\nGX01-NF,百色市局纳税服务科,GX01,department,city,SZ\n", "repeats among the departments of \"GX01\" (GX01-SZ)"},
	} {
		_, err := Import(ctx, s, data.KindUnits, writeFile(t, "bad.csv", c.body), Options{User: "t", Lang: "en"})
		var rej *RejectedError
		if !errors.As(err, &rej) || len(rej.Errors) != 1 || rej.Errors[0].Column != "function" || !strings.Contains(rej.Errors[0].Message, c.want) {
			t.Errorf("%q: %v %+v", c.body, err, rej)
		}
	}
}
