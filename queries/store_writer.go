package queries

import (
	"context"
	"database/sql"
	"time"

	"jixiao/queries/scoring"
)

// asWriter runs fn on a connection of its own as the one writer (holding
// writeMu): the writes, and a backup, which writes wait for.
func (s *Store) asWriter(ctx context.Context, fn func(conn *sql.Conn) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return fn(conn)
}

// commit commits a write's transaction, counting the write and tracing
// the commit's time.
func (s *Store) commit(tx *sql.Tx) error {
	t0 := time.Now()
	err := tx.Commit()
	s.writeSeq.Add(1)
	scoring.Trace("COMMIT", t0)
	return err
}
