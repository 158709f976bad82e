package main

import (
	"crypto/x509"
	"os"
	"sync"

	"golang.org/x/crypto/x509roots/fallback/bundle"
)

// The CLI runs in images built on an empty base (the bot's own image, pipelines/greenlight), where
// there is no CA bundle: Go then needs fallback roots. Importing x509roots/fallback would parse
// its ~150 certificates in an init function on every start (about 2 ms, a tenth of a
// `greenlight verify`), although a machine with a CA bundle never uses them. So main installs
// them itself, and only when the system has none.

// systemRootLocations are where Go's crypto/x509 looks for roots on Linux and the BSDs
// (root_linux.go, root_bsd.go, root_unix.go): when one exists, the system pool loads and Go
// never consults fallback roots.
var systemRootLocations = []string{
	"/etc/ssl/certs/ca-certificates.crt",
	"/etc/pki/tls/certs/ca-bundle.crt",
	"/etc/ssl/ca-bundle.pem",
	"/etc/pki/tls/cacert.pem",
	"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
	"/etc/ssl/cert.pem",
	"/usr/local/etc/ssl/cert.pem",
	"/usr/local/share/certs/ca-root-nss.crt",
	"/etc/openssl/certs/ca-certificates.crt",
	"/etc/certs/ca-certificates.crt",
	"/etc/ssl/certs",
	"/etc/pki/tls/certs",
	"/system/etc/security/cacerts",
}

var installRoots sync.Once

// ensureRoots installs the embedded fallback roots when no system CA bundle is found. It
// reports whether it did.
func ensureRoots() (installed bool) {
	installRoots.Do(func() {
		if !hasSystemRoots(os.Getenv, present) {
			x509.SetFallbackRoots(fallbackPool())
			installed = true
		}
	})
	return installed
}

// hasSystemRoots reports whether crypto/x509 will find system roots: SSL_CERT_FILE or
// SSL_CERT_DIR set, or one of the usual files or folders present.
func hasSystemRoots(getenv func(string) string, present func(string) bool) bool {
	if getenv("SSL_CERT_FILE") != "" || getenv("SSL_CERT_DIR") != "" {
		return true
	}
	for _, p := range systemRootLocations {
		if present(p) {
			return true
		}
	}
	return false
}

// present reports whether p is a non-empty file or a folder with something in it (Go falls
// back when the system pool it loads is empty).
func present(p string) bool {
	fi, err := os.Stat(p)
	if err != nil {
		return false
	}
	if !fi.IsDir() {
		return fi.Size() > 0
	}
	entries, err := os.ReadDir(p)
	return err == nil && len(entries) > 0
}

// fallbackPool is the pool x509roots/fallback would install, built the same way.
func fallbackPool() *x509.CertPool {
	p := x509.NewCertPool()
	for c := range bundle.Roots() {
		cert, err := x509.ParseCertificate(c.Certificate)
		if err != nil {
			continue // the bundle is generated and tested upstream; a bad entry is skipped, not fatal
		}
		if c.Constraint == nil {
			p.AddCert(cert)
		} else {
			p.AddCertWithConstraint(cert, c.Constraint)
		}
	}
	return p
}
