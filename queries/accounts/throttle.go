package accounts

import (
	"context"
	"fmt"
	"time"

	"jixiao/queries"
)

// LoginFailure is one recent failed sign-in, for the throttle to start from
// after a restart.
type LoginFailure struct {
	Username string
	Addr     string
	Age      time.Duration
}

// RecentLoginFailures lists the failed sign-ins of the last window, oldest
// first, leaving out those an administrator unlocked since (login_unlock
// of the account, or of the address).
func (b *Book) RecentLoginFailures(ctx context.Context, window time.Duration) ([]LoginFailure, error) {
	ctx, cancel := queries.WithTimeout(ctx)
	defer cancel()
	// Ages are computed by DuckDB against the same clock that stamped "at".
	rows, err := b.db().QueryContext(ctx, `SELECT coalesce(target, ''), coalesce(addr, ''),
		epoch_us(current_timestamp::TIMESTAMP) - epoch_us("at")
		FROM audit f WHERE action = 'login_failed' AND "at" >= current_timestamp::TIMESTAMP - to_microseconds(?::BIGINT)
		  AND NOT EXISTS (SELECT 1 FROM audit u WHERE u.action = 'login_unlock' AND u.id > f.id
		      AND (u.target = lower(trim(coalesce(f.target, ''))) OR (coalesce(u.detail, '') <> '' AND u.detail = f.addr)))
		ORDER BY id LIMIT 100000`, window.Microseconds())
	if err != nil {
		return nil, fmt.Errorf("login failures: %w", err)
	}
	defer rows.Close()
	var out []LoginFailure
	for rows.Next() {
		var f LoginFailure
		var us int64
		if err := rows.Scan(&f.Username, &f.Addr, &us); err != nil {
			return nil, err
		}
		f.Age = time.Duration(us) * time.Microsecond
		out = append(out, f)
	}
	return out, rows.Err()
}
