package sources

import "jixiao/queries"

// first is the first of all (a listing and its error) that match accepts,
// or queries.ErrNotFound: the one lookup of GetSource, GetPull and PullByName.
func first[T any](all []T, err error, match func(*T) bool) (*T, error) {
	if err != nil {
		return nil, err
	}
	for i := range all {
		if match(&all[i]) {
			return &all[i], nil
		}
	}
	return nil, queries.ErrNotFound
}
