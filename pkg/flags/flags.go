// Package flags separates releasing a feature from deploying the code: a version ships with the
// feature behind a flag (deployed, dark), and a pipeline stage turns the flag on for a growing
// share of users, judged like a canary on metrics split by flag variant, and off again as the
// rollback. Deploy and release are distinct stages in the run's events and reports.
//
// Store is the small interface Greenlight needs from a flag service: read and set the share of
// users a flag is on for. File is the default store for teams with none, a JSON file (in the
// repository or on a volume the service reads). Services evaluate flags through OpenFeature
// (package flags/openfeature provides a provider over any Store), so a team with its own flag
// service keeps its OpenFeature provider and implements Store over that service's API.
//
// DarkLaunch is a stage that mirrors a share of live requests to a new version that takes no
// traffic, and compares its errors and latency with the stable version's before any user sees it.
package flags

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

// Flag is one feature flag's state in one environment.
type Flag struct {
	// Name, such as "new-checkout": letters, digits, '-' and '_'.
	Name string `json:"name"`
	// Percent of users the flag is on for, 0–100. Who is in is decided by Bucket, so that a
	// user stays in as the share grows.
	Percent int `json:"percent"`
	// By is who set it last (a pipeline run, a person) and Reason why.
	By     string    `json:"by,omitempty"`
	Reason string    `json:"reason,omitempty"`
	Time   time.Time `json:"time,omitempty"`
}

// Store keeps flags and changes them: Greenlight's view of a flag service.
type Store interface {
	// Get returns the flag; a flag never set is off (Percent 0) with no error.
	Get(ctx context.Context, name string) (Flag, error)
	// Set stores f, replacing what was there.
	Set(ctx context.Context, f Flag) error
}

// ValidName reports whether name can be a flag's name (and a header's).
func ValidName(name string) error {
	if name == "" || len(name) > 64 {
		return fmt.Errorf("invalid flag name %q: use 1 to 64 letters, digits, '-' or '_'", name)
	}
	for _, c := range name {
		if !(c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return fmt.Errorf("invalid flag name %q: use 1 to 64 letters, digits, '-' or '_'", name)
		}
	}
	return nil
}

// Bucket places a user (any stable key: an account ID, a session) in 0–99 for flag. The flag is
// on for the user when Bucket < Percent: raising the share only adds users.
//
// The bucket is MurmurHash3 (x86, 32 bits, seed 0) of the flag's key followed by the user's
// key, as flagd's fractional evaluation hashes them, scaled to 0–99 by its high bits
// (hash·100 / 2³²). A well-mixed hash of both keys makes two flags' on-groups independent, so
// that flags rolled out together do not confound each other's analysis.
func Bucket(flag, key string) int {
	var buf [192]byte
	b := append(buf[:0], flag...)
	b = append(b, key...)
	hi, _ := bits.Mul32(Murmur3(b), 100)
	return int(hi)
}

// Murmur3 is MurmurHash3's x86 32-bit variant with seed 0 (Austin Appleby's reference
// MurmurHash3_x86_32), the hash Bucket uses.
func Murmur3(data []byte) uint32 {
	const c1, c2 = 0xcc9e2d51, 0x1b873593
	var h uint32
	n := len(data)
	i := 0
	for ; i+4 <= n; i += 4 {
		k := uint32(data[i]) | uint32(data[i+1])<<8 | uint32(data[i+2])<<16 | uint32(data[i+3])<<24
		k *= c1
		k = bits.RotateLeft32(k, 15)
		k *= c2
		h ^= k
		h = bits.RotateLeft32(h, 13)
		h = h*5 + 0xe6546b64
	}
	var k uint32
	switch n - i {
	case 3:
		k ^= uint32(data[i+2]) << 16
		fallthrough
	case 2:
		k ^= uint32(data[i+1]) << 8
		fallthrough
	case 1:
		k ^= uint32(data[i])
		k *= c1
		k = bits.RotateLeft32(k, 15)
		k *= c2
		h ^= k
	}
	h ^= uint32(n)
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

// On reports whether f is on for the user key.
func (f Flag) On(key string) bool { return Bucket(f.Name, key) < f.Percent }

// Variant is "on" or "off" for the user key: the values the router counts separately.
func (f Flag) Variant(key string) string {
	if f.On(key) {
		return "on"
	}
	return "off"
}

// File is a Store kept in one JSON file: {"flags": {"new-checkout": {"percent": 10, …}}}.
// Writes replace the file atomically (a new file renamed over the old), so a service reading it
// never sees half of one.
type File struct {
	path string
	mu   sync.Mutex
}

// NewFile returns the store kept at path (created on the first Set).
func NewFile(path string) *File { return &File{path: path} }

// Path is the file's path.
func (f *File) Path() string { return f.path }

type fileDoc struct {
	Flags map[string]Flag `json:"flags"`
}

func (f *File) read() (fileDoc, error) {
	doc := fileDoc{Flags: map[string]Flag{}}
	b, err := os.ReadFile(f.path)
	if errors.Is(err, os.ErrNotExist) {
		return doc, nil
	}
	if err != nil {
		return doc, fmt.Errorf("flags file %s: %w", f.path, err)
	}
	if len(b) > 1<<20 {
		return doc, fmt.Errorf("flags file %s is over 1 MiB", f.path)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return doc, fmt.Errorf("flags file %s is not valid: %v; fix or remove it", f.path, err)
	}
	if doc.Flags == nil {
		doc.Flags = map[string]Flag{}
	}
	return doc, nil
}

// Get implements Store.
func (f *File) Get(_ context.Context, name string) (Flag, error) {
	if err := ValidName(name); err != nil {
		return Flag{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	doc, err := f.read()
	if err != nil {
		return Flag{}, err
	}
	fl, ok := doc.Flags[name]
	if !ok {
		return Flag{Name: name}, nil
	}
	fl.Name = name
	return fl, nil
}

// Version is the file's size and modification time ("absent" when there is none): it changes
// whenever the file is written, as Set replaces it. An OpenFeature provider polls it to reload
// the flags only when they may have changed.
func (f *File) Version() (string, error) {
	fi, err := os.Stat(f.path)
	if errors.Is(err, os.ErrNotExist) {
		return "absent", nil
	}
	if err != nil {
		return "", fmt.Errorf("flags file %s: %w", f.path, err)
	}
	return fmt.Sprintf("%d %d", fi.Size(), fi.ModTime().UnixNano()), nil
}

// All returns every flag in the file, by name.
func (f *File) All() ([]Flag, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	doc, err := f.read()
	if err != nil {
		return nil, err
	}
	var out []Flag
	for n, fl := range doc.Flags {
		fl.Name = n
		out = append(out, fl)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Set implements Store.
func (f *File) Set(_ context.Context, fl Flag) error {
	if err := ValidName(fl.Name); err != nil {
		return err
	}
	if fl.Percent < 0 || fl.Percent > 100 {
		return fmt.Errorf("flag %s: %d%% is not a share of users from 0 to 100", fl.Name, fl.Percent)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	doc, err := f.read()
	if err != nil {
		return err
	}
	if fl.Time.IsZero() {
		fl.Time = time.Now().UTC()
	}
	doc.Flags[fl.Name] = fl
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), ".flags-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(append(b, '\n'))
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing flags file %s: %w", f.path, err)
	}
	os.Chmod(tmp.Name(), 0o644)
	if err := os.Rename(tmp.Name(), f.path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing flags file %s: %w", f.path, err)
	}
	return nil
}
