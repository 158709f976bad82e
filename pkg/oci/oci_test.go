package oci

import (
	"strings"
	"testing"
)

// Moved from pkg/greenlight/pipeline_test.go with Image (unchanged).
func TestParseImage(t *testing.T) {
	d := "sha256:" + strings.Repeat("ab", 32)
	img, err := ParseImage("127.0.0.1:5000/acme/hello:v1@" + d)
	if err != nil || img.Repo() != "127.0.0.1:5000/acme/hello" || img.Tag() != "v1" || img.Digest() != d {
		t.Fatalf("%v %+v", err, img)
	}
	if _, err := ParseImage("ghcr.io/acme/hello:latest"); err == nil || !strings.Contains(err.Error(), "not pinned by digest") {
		t.Errorf("tag-only reference: %v", err)
	}
	if _, err := ParseImage("ghcr.io/acme/hello@sha256:abc"); err == nil {
		t.Error("short digest accepted")
	}
}
