package migrate

import (
	"testing"
	"testing/fstest"
)

// readMap reads migration files given as name → content, as ReadDir reads a folder.
func readMap(t *testing.T, files map[string]string) []Migration {
	t.Helper()
	fs := fstest.MapFS{}
	for n, s := range files {
		fs[n] = &fstest.MapFile{Data: []byte(s)}
	}
	ms, err := ReadDir(fs)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}
