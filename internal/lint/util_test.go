package lint

import (
	"os"
	"strconv"
)

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o644) }

func itoa(n int) string { return strconv.Itoa(n) }
