package main

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/x509roots/fallback/bundle"
)

func TestFallbackRootsOnlyWithoutASystemBundle(t *testing.T) {
	none := func(string) bool { return false }
	noEnv := func(string) string { return "" }
	if hasSystemRoots(noEnv, none) {
		t.Fatal("an empty image (no CA files, no SSL_CERT_*) was taken to have system roots: it would get no roots at all")
	}
	debian := func(p string) bool { return p == "/etc/ssl/certs/ca-certificates.crt" }
	if !hasSystemRoots(noEnv, debian) {
		t.Fatal("Debian's CA bundle was not found: the fallback would be parsed on every start")
	}
	env := func(k string) string {
		if k == "SSL_CERT_FILE" {
			return "/custom/ca.pem"
		}
		return ""
	}
	if !hasSystemRoots(env, none) {
		t.Fatal("SSL_CERT_FILE is how a user points Go at a bundle; it must count as system roots")
	}

	dir := t.TempDir()
	if present(dir) {
		t.Fatal("an empty certs folder gives Go an empty pool, and Go then wants the fallback")
	}
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if !present(dir) || !present(filepath.Join(dir, "ca.pem")) {
		t.Fatal("a folder with a certificate file, and the file, must count")
	}

	n := 0
	for range bundle.Roots() {
		n++
	}
	if got := fallbackPool(); got == nil || n < 100 {
		t.Fatalf("the embedded bundle has %d roots; it has well over 100", n)
	}
}
