package queries

// For the read door's test in package queries_test (door_scoped_test.go).
var (
	LoadFixtureForTest = loadFixture
	ScopedReadArgs     = scopedReadArgs
	IsEmptyAnswer      = isEmpty
)
