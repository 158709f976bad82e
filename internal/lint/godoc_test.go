package lint

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// Every package in pkg/ has a package comment, and every exported name (type, function, method
// of an exported type, constant, variable) a doc comment: godoc is the pipeline API's manual.
func TestEveryExportedNameInPkgHasGodoc(t *testing.T) {
	missing := undocumented(t, filepath.Join(testutil.ModuleRoot(), "pkg"))
	if len(missing) > 0 {
		t.Errorf("%d exported names without a doc comment:\n  %s", len(missing), strings.Join(missing, "\n  "))
	}
}

// The check itself finds what is missing.
func TestGodocCheckFindsWhatIsMissing(t *testing.T) {
	dir := t.TempDir()
	src := `package p

type T struct{}

func (T) M() {}

// F is documented.
func F() {}

const (
	// A is documented.
	A = 1
	B = 2
)

// V is documented.
var V, W int

func (t *T) unexported() {}
`
	if err := writeFile(filepath.Join(dir, "p.go"), src); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(undocumented(t, dir), "\n")
	for _, want := range []string{"package p", "type T", "method T.M", "const B"} {
		if !strings.Contains(got, want) {
			t.Errorf("missed %s in:\n%s", want, got)
		}
	}
	for _, not := range []string{"func F", "const A", "var V", "var W", "unexported"} {
		if strings.Contains(got, not) {
			t.Errorf("reported %s, which is fine:\n%s", not, got)
		}
	}
}

// undocumented lists the exported names without a doc comment in the non-test Go files under
// root, as "file:line: kind Name".
func undocumented(t *testing.T, root string) []string {
	t.Helper()
	var missing []string
	pkgDoc := map[string]bool{} // directory → has a package comment
	pkgName := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		pkgName[dir] = f.Name.Name
		if _, seen := pkgDoc[dir]; !seen {
			pkgDoc[dir] = false
		}
		if f.Doc != nil {
			pkgDoc[dir] = true
		}
		rel, _ := filepath.Rel(root, path)
		report := func(pos token.Pos, what string) {
			missing = append(missing, rel+":"+itoa(fset.Position(pos).Line)+": "+what)
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() || d.Doc != nil {
					continue
				}
				if d.Recv == nil {
					report(d.Pos(), "func "+d.Name.Name)
				} else if recv := recvName(d.Recv.List[0].Type); ast.IsExported(recv) {
					report(d.Pos(), "method "+recv+"."+d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() && s.Doc == nil && d.Doc == nil {
							report(s.Pos(), "type "+s.Name.Name)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() && s.Doc == nil && d.Doc == nil && s.Comment == nil {
								report(n.Pos(), d.Tok.String()+" "+n.Name)
							}
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir, ok := range pkgDoc {
		if !ok {
			rel, _ := filepath.Rel(root, dir)
			missing = append(missing, rel+": package "+pkgName[dir]+" has no package comment")
		}
	}
	sort.Strings(missing)
	return missing
}

func recvName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return recvName(x.X)
	case *ast.IndexExpr:
		return recvName(x.X)
	case *ast.IndexListExpr:
		return recvName(x.X)
	case *ast.Ident:
		return x.Name
	}
	return ""
}
