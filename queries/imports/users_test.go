package imports

import (
	"context"
	"errors"
	"testing"

	"jixiao/data"
	"jixiao/queries/accounts"
)

// TestUsersFileNeedsTheAccountsRoom: a users file is imported with the
// accounts room's rules handed over by the caller (Options.Users); without
// them it is refused as a whole and no account is written — never
// imported without the rules.
func TestUsersFileNeedsTheAccountsRoom(t *testing.T) {
	s := loadFixture(t)
	ctx := context.Background()
	p := writeFile(t, "users.csv", "username,name,unit_code,role,password\nnewbie,New,GX,staff,Secret-2025xy\n")
	count := func() (n int) {
		if err := s.DB().QueryRow("SELECT count(*) FROM users WHERE username = 'newbie'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if _, err := Import(ctx, s, data.KindUsers, p, Options{User: "test"}); !errors.Is(err, errNoUsersFile) {
		t.Fatalf("without the accounts room's rules: %v, want errNoUsersFile", err)
	}
	if n := count(); n != 0 {
		t.Fatalf("%d accounts written without the rules", n)
	}
	if _, err := Import(ctx, s, data.KindUsers, p, Options{User: "test", Users: accounts.UsersFile{}}); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Errorf("%d accounts after the import with the rules, want 1", n)
	}
}
