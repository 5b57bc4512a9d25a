package queries

import "context"

func (s *Store) directoryBind(ctx context.Context, username, password string) error {
	return ErrBadCredentials
}
