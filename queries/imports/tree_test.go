package imports

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"

	"jixiao/data"
	"jixiao/queries"
)

// TestUnitTreeDerived: after a units import that moves a unit (with its
// subtree) under another parent, each unit's depth, sort key and peer group
// and the closure table are what walking the parent codes in Go gives.
func TestUnitTreeDerived(t *testing.T) {
	s := loadFixture(t)
	// GX0101 (a county bureau with its departments) moves under GX02; a
	// new unit with its own peer group hangs below it.
	mustImport(t, s, data.KindUnits, writeFile(t, "move.csv", "code,name,parent_code,kind,level,peer_group\n"+
		"GX0101,百色第1区县税务局,GX02,bureau,county,\nGX0101-X,新科,GX0101,department,county,自设组\n"))
	parent, kind, peer := map[string]string{}, map[string]string{}, map[string]sql.NullString{}
	rows, err := s.DB().Query("SELECT code, coalesce(parent_code, ''), kind, peer_group FROM units")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c, p, k string
		var g sql.NullString
		if err := rows.Scan(&c, &p, &k, &g); err != nil {
			t.Fatal(err)
		}
		parent[c], kind[c], peer[c] = p, k, g
	}
	rows.Close()
	if parent["GX0101"] != "GX02" || len(parent) < 20 {
		t.Fatalf("the move was not stored: %d units, GX0101 under %q", len(parent), parent["GX0101"])
	}
	var wantTree []string
	want := map[string]string{}
	for c := range parent {
		path := []string{c}
		for a, d := parent[c], 1; a != ""; a, d = parent[a], d+1 {
			path = append([]string{a}, path...)
			wantTree = append(wantTree, fmt.Sprintf("%s>%s@%d", a, c, d))
		}
		wantTree = append(wantTree, fmt.Sprintf("%s>%s@0", c, c))
		grp := "NULL"
		if parent[c] != "" {
			grp = parent[c] + ":" + kind[c]
			if peer[c].Valid {
				grp = peer[c].String
			}
		}
		want[c] = fmt.Sprintf("%d %s %s", len(path)-1, strings.Join(path, "/"), grp)
	}
	got := map[string]string{}
	rows, err = s.DB().Query("SELECT code, depth, sort_key, coalesce(grp, 'NULL') FROM units")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c, k, g string
		var d int
		if err := rows.Scan(&c, &d, &k, &g); err != nil {
			t.Fatal(err)
		}
		got[c] = fmt.Sprintf("%d %s %s", d, k, g)
	}
	rows.Close()
	for c, w := range want {
		if got[c] != w {
			t.Errorf("%s: depth, sort key, group %q, want %q", c, got[c], w)
		}
	}
	gotTree := strs(t, s, "SELECT ancestor || '>' || descendant || '@' || distance FROM unit_tree")
	sort.Strings(wantTree)
	sort.Strings(gotTree)
	if strings.Join(gotTree, " ") != strings.Join(wantTree, " ") {
		t.Errorf("unit_tree: %d rows, want %d", len(gotTree), len(wantTree))
	}
}

// strs is the first column of q's rows as text.
func strs(t *testing.T, s *queries.Store, q string) []string {
	t.Helper()
	rows, err := s.DB().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// TestIndicatorsImportKeepsUnitClasses: an import of indicators derives
// again only which versions apply to each class; the units' classes and
// the versions applicable are what a full derivation from the units and
// indicators gives.
func TestIndicatorsImportKeepsUnitClasses(t *testing.T) {
	s := loadFixture(t)
	// a new indicator for county bureaus only, a version change of another
	mustImport(t, s, data.KindIndicators, writeFile(t, "ind.csv",
		"code,name,system,tier,levels,unit,direction,rule,weight,target,floor,lead_dept,coop_depts,method,source,key_task,valid_from,valid_to\n"+
			"DX,新指标,org,decision,county,%,higher,linear,5,100,80,SZ,,desk,manual,false,2025Q2,\n"+
			"D01,税收收入完成率,taxsys,decision,city,%,higher,linear,25,100,80,SZ,CW,desk,golden_tax_3,false,,\n"))
	const classes = "SELECT uid || ' ' || cls || ' ' || code || ' ' || coalesce(grp, '-') || ' ' || coalesce(gid::VARCHAR, '-') FROM unit_class ORDER BY uid"
	const applicable = `SELECT unit_code || ' ' || indicator_code || ' ' || version || ' ' || weight FROM applicable ORDER BY 1`
	gotClasses, gotApplicable := strs(t, s, classes), strs(t, s, applicable)
	if err := s.Write(context.Background(), func(x queries.Execer) error { return queries.RebuildApplicable(context.Background(), x) }); err != nil {
		t.Fatal(err)
	}
	wantClasses, wantApplicable := strs(t, s, classes), strs(t, s, applicable)
	if len(wantClasses) < 100 || strings.Join(gotClasses, "\n") != strings.Join(wantClasses, "\n") {
		t.Errorf("unit_class: %d rows, a full derivation %d", len(gotClasses), len(wantClasses))
	}
	if strings.Join(gotApplicable, "\n") != strings.Join(wantApplicable, "\n") {
		t.Errorf("applicable: %d rows, a full derivation %d", len(gotApplicable), len(wantApplicable))
	}
	n := 0
	for _, a := range gotApplicable {
		if strings.Contains(a, " DX ") {
			n++
		}
	}
	if n != 34 { // the county bureaus
		t.Errorf("DX applies to %d units, want the 34 county bureaus", n)
	}
}
