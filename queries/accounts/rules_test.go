package accounts

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/fixture/fixturestore"
	"jixiao/queries/imports"
)

// cityOffice manages the accounts of 来宾 (GX04) and below, granting the
// roles of a city office.
func cityOffice() Manager {
	return Manager{
		Actor:  queries.Actor{Username: "co", Role: "office", UnitCode: "GX04", Scope: queries.Scope{Unit: "GX04", Subtree: true}, Rights: queries.Rights{queries.ActUsers: {queries.ReachOwn, queries.ReachBelow}}},
		Grants: []string{"staff", "dept", "leader"},
	}
}

// TestManagerRules is SPEC §14's rule of who manages whom, decided by hand
// for each case: a city office creates and sees accounts of its subtree in
// the roles it grants, nothing else; the last administrator stays.
func TestManagerRules(t *testing.T) {
	ctx := context.Background()
	b := New(fixturestore.Open(t))
	root, co := FullManager("root"), cityOffice()
	pw := "Rules-pass-2025"
	for _, in := range []UserInput{
		{Profile: Profile{Username: "a1", Name: "Admin", UnitCode: "GX", Role: "admin"}, Password: pw},
		{Profile: Profile{Username: "bs", Name: "百色", UnitCode: "GX01", Role: "staff"}, Password: pw},
	} {
		if _, err := b.CreateUser(ctx, root, in); err != nil {
			t.Fatalf("%s: %v", in.Username, err)
		}
	}
	for _, c := range []struct {
		in   UserInput
		want queries.Kind // 0 (Internal) stands for success here
	}{
		{UserInput{Profile: Profile{Username: "lb", Name: "来宾分局", UnitCode: "GX0401-B1", Role: "staff"}, Password: pw}, 0},
		{UserInput{Profile: Profile{Username: "lb2", Name: "来宾", UnitCode: "GX04", Role: "leader"}, Password: pw}, 0},
		{UserInput{Profile: Profile{Username: "out", Name: "百色", UnitCode: "GX01", Role: "staff"}, Password: pw}, queries.Forbidden},
		{UserInput{Profile: Profile{Username: "boss", Name: "来宾", UnitCode: "GX04", Role: "admin"}, Password: pw}, queries.Forbidden},
		{UserInput{Profile: Profile{Username: "off", Name: "来宾", UnitCode: "GX04", Role: "office"}, Password: pw}, queries.Forbidden},
	} {
		_, err := b.CreateUser(ctx, co, c.in)
		if (c.want == 0 && err != nil) || (c.want != 0 && queries.KindOf(err) != c.want) {
			t.Errorf("city office creates %s (%s at %s): %v", c.in.Username, c.in.Role, c.in.UnitCode, err)
		}
	}
	// The city office sees its two, not the admin nor 百色's account.
	us, err := b.Users(ctx, co)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range us {
		names = append(names, u.Username)
	}
	if !slices.Equal(names, []string{"lb2", "lb"}) {
		t.Errorf("the city office lists %v, want [lb2 lb] (by unit: GX04, GX0401-B1)", names)
	}
	if _, err := b.User(ctx, co, "a1"); !errors.Is(err, queries.ErrNotFound) {
		t.Errorf("the city office reads the admin: %v, want not found", err)
	}
	if err := b.ResetPassword(ctx, co, "bs", pw+"x"); !errors.Is(err, queries.ErrNotFound) {
		t.Errorf("the city office resets 百色's password: %v, want not found", err)
	}
	off := true
	if _, err := b.UpdateUser(ctx, root, "a1", UserPatch{Disabled: &off}); queries.KindOf(err) != queries.Conflict {
		t.Errorf("disabling the last administrator: %v, want a conflict", err)
	}
	if _, err := b.Authenticate(ctx, "lb", pw); err != nil {
		t.Errorf("lb signs in: %v", err)
	}
}

// TestUsersFileRules: a users file goes through the accounts room's rules
// inside the import; a city office's file naming an admin is refused at
// that row's role, and nothing is written.
func TestUsersFileRules(t *testing.T) {
	ctx := context.Background()
	st := fixturestore.Open(t)
	p := filepath.Join(t.TempDir(), "users.csv")
	if err := os.WriteFile(p, []byte("username,name,unit_code,role,password\nlb,来宾,GX04,staff,Rules-pass-2025\nboss,来宾,GX04,admin,Rules-pass-2025\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := cityOffice()
	_, err := imports.Import(ctx, st, data.KindUsers, p, imports.Options{User: "co", Users: UsersFile{Manager: &m}, Lang: "en"})
	var rej *imports.RejectedError
	if !errors.As(err, &rej) || len(rej.Errors) != 1 || rej.Errors[0].Row != 3 || rej.Errors[0].Column != "role" {
		t.Fatalf("import: %v (%+v), want one error at row 3, column role", err, rej)
	}
	if _, err := New(st).Account(ctx, "lb"); !errors.Is(err, queries.ErrNotFound) {
		t.Errorf("lb was written by a refused file: %v", err)
	}
	if _, err := imports.Import(ctx, st, data.KindUsers, p, imports.Options{User: "cli", Users: UsersFile{}}); err != nil {
		t.Fatalf("the command line imports the same file: %v", err)
	}
	if a, err := New(st).Authenticate(ctx, "boss", "Rules-pass-2025"); err != nil || a.Role != "admin" {
		t.Errorf("boss after the command line's import: %+v %v", a, err)
	}
}

// TestCheckPassword: at least ten characters, not the username (whatever
// its case and the spaces around it).
func TestCheckPassword(t *testing.T) {
	for pw, ok := range map[string]bool{"short": false, "Alice-2025": true, "alice123456": true, "ALICE12345": false, " alice12345": false} {
		if err := CheckPassword("alice12345", pw); (err == nil) != ok {
			t.Errorf("CheckPassword(%q) = %v, want ok %v", pw, err, ok)
		}
	}
}
