// This pipeline must NOT compile: it sends an unsigned image to production.
// compile_test.go checks that the compiler refuses it.
package main

import (
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/oci"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

type builder struct{}

func (builder) Build(ctx interface{ Done() <-chan struct{} }, log runlog.Logger) (oci.Image, error) {
	return oci.Image{}, nil
}

func main() {
	greenlight.Main(func(p *greenlight.P) {
		var img oci.Image
		p.Promote(img, p.Env("production"))
	})
}
