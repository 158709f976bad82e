package main

// How `greenlight init` fits the local target to the service as it is: where the service reads
// its port (the local target sets $PORT; a service that reads a --port flag, a *_PORT
// variable or viper's key "port" gets it there too), and the files it reads at run time (which go into the image,
// ko's kodata convention, build.Go.Files).

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
)

// runFit is what init learned from the main package's source.
type runFit struct {
	// ReadsPORT is true when the service reads $PORT: the local target's default fits.
	ReadsPORT bool
	// PortFlag is the port flag's name ("port"), when the service defines one with the flag
	// package or pflag (in the main package or a package of the module it imports); PortEnv a
	// *_PORT variable it reads (os.Getenv, os.LookupEnv), or the variable viper reads the key
	// "port" from.
	PortFlag, PortEnv string
	// Kodata is true when the main package has a kodata/ folder (it goes into the image).
	Kodata bool
	// Files are the module's folders the service reads at run time, relative to the root
	// (such as ui, named by "./ui" in the source): build.Go.Files.
	Files []string
	// Maybe are folders with names services serve or render from (ui, static, templates, …)
	// beside the main package or at the root, which the source does not name: to point out.
	Maybe []string
	// Reads are the relative paths the source reads (http.Dir, os.ReadFile, os.Open,
	// template.ParseFiles/ParseGlob, os.DirFS) that are no folder of the module, to point out.
	Reads []string
}

// portFlagFuncs are the flag package's and pflag's functions that define a flag, and the
// position of the flag's name among their arguments.
var portFlagFuncs = map[string]int{
	"Int": 0, "IntP": 0, "Int64": 0, "Int64P": 0, "Uint": 0, "UintP": 0, "String": 0, "StringP": 0,
	"IntVar": 1, "IntVarP": 1, "Int64Var": 1, "Int64VarP": 1, "UintVar": 1, "UintVarP": 1, "StringVar": 1, "StringVarP": 1,
}

// assetFolders are the names of folders services commonly read at run time.
var assetFolders = []string{"ui", "static", "templates", "web", "public", "assets"}

// readFuncs are the calls whose first argument is a path the service reads at run time.
var readFuncs = map[string]bool{"Dir": true, "ReadFile": true, "Open": true, "ReadDir": true, "DirFS": true, "ParseFiles": true, "ParseGlob": true}

// fitRun reads the main package mainPkg (relative to root) the way the local target needs it.
func fitRun(root, mainPkg string) runFit {
	var f runFit
	dir := filepath.Join(root, filepath.FromSlash(mainPkg))
	if fi, err := os.Stat(filepath.Join(dir, "kodata")); err == nil && fi.IsDir() {
		f.Kodata = true
	}
	fset := token.NewFileSet()
	files, reads := map[string]bool{}, map[string]bool{}
	// A literal such as "./ui" or "templates/" naming a folder of the module (not a Go
	// package's folder, not kodata) is read at run time, relative to the working directory.
	folder := func(lit string) {
		p := filepath.Clean(filepath.FromSlash(lit))
		if p == "." || filepath.IsAbs(p) || strings.HasPrefix(p, "..") {
			return
		}
		top := strings.Split(filepath.ToSlash(p), "/")[0]
		if top == "kodata" || top == ".greenlight" || top == "deploy" || strings.HasPrefix(top, ".") {
			return
		}
		if fi, err := os.Stat(filepath.Join(root, top)); err == nil && fi.IsDir() && !hasGoFiles(filepath.Join(root, top)) {
			files[top] = true
		}
	}
	var v viperUse
	// The main package, then the packages of the module it imports (a cobra-cli layout defines
	// its flags in cmd/ or internal/): where the port comes from may be in any of them; the
	// files read at run time are the main package's.
	modPath := serviceModulePath(root)
	queue, seen := []string{dir}, map[string]bool{dir: true}
	for n := 0; n < len(queue) && n < 64; n++ {
		isMain := n == 0
		entries, _ := os.ReadDir(queue[n])
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(fset, filepath.Join(queue[n], name), nil, 0)
			if err != nil {
				continue
			}
			usesViper := false
			for _, imp := range file.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if path == "github.com/spf13/viper" {
					usesViper = true
				}
				if modPath != "" && strings.HasPrefix(path, modPath+"/") {
					d := filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(path, modPath+"/")))
					if !seen[d] {
						seen[d] = true
						queue = append(queue, d)
					}
				}
			}
			ast.Inspect(file, func(node ast.Node) bool {
				switch x := node.(type) {
				case *ast.BasicLit:
					if s, err := strconv.Unquote(x.Value); isMain && err == nil && x.Kind == token.STRING && (strings.HasPrefix(s, "./") || strings.HasSuffix(s, "/")) && !strings.ContainsAny(s, " :%") {
						folder(s)
					}
				case *ast.CallExpr:
					sel, ok := x.Fun.(*ast.SelectorExpr)
					if !ok {
						return true
					}
					pkg, _ := sel.X.(*ast.Ident)
					arg := func(i int) string {
						if i >= len(x.Args) {
							return ""
						}
						lit, ok := x.Args[i].(*ast.BasicLit)
						if !ok || lit.Kind != token.STRING {
							return ""
						}
						s, _ := strconv.Unquote(lit.Value)
						return s
					}
					name := sel.Sel.Name
					if pkg != nil && pkg.Name == "os" && (name == "Getenv" || name == "LookupEnv") {
						switch v := arg(0); {
						case v == "PORT":
							f.ReadsPORT = true
						case strings.HasSuffix(v, "_PORT") && f.PortEnv == "":
							f.PortEnv = v
						}
					}
					if i, ok := portFlagFuncs[name]; ok && arg(i) == "port" {
						f.PortFlag = "port"
					}
					if usesViper {
						v.call(name, arg, len(x.Args))
					}
					if isMain && readFuncs[name] {
						if p := arg(0); p != "" && !filepath.IsAbs(p) {
							reads[p] = true
						}
					}
				}
				return true
			})
		}
	}
	// viper reads the key "port" from the environment: $PORT fits as it is; otherwise the
	// pipeline sets the variable viper reads.
	if env := v.portEnv(); env == "PORT" {
		f.ReadsPORT = true
	} else if env != "" && f.PortEnv == "" {
		f.PortEnv = env
	}
	for p := range reads {
		folder(p)
		top := strings.Split(filepath.ToSlash(filepath.Clean(p)), "/")[0]
		if !files[top] {
			f.Reads = append(f.Reads, p)
		}
	}
	for d := range files {
		f.Files = append(f.Files, d)
	}
	for _, n := range assetFolders {
		for _, d := range []string{dir, root} {
			if fi, err := os.Stat(filepath.Join(d, n)); err == nil && fi.IsDir() && !files[n] && !hasGoFiles(filepath.Join(d, n)) {
				rel, _ := filepath.Rel(root, filepath.Join(d, n))
				f.Maybe = append(f.Maybe, filepath.ToSlash(rel))
				break
			}
		}
	}
	sort.Strings(f.Files)
	sort.Strings(f.Reads)
	return f
}

// viperUse is what a service's calls of spf13/viper say about its key "port" (viper's
// documentation, "Working with Environment Variables": with AutomaticEnv, or BindEnv of the key
// alone, the variable is the prefix SetEnvPrefix gave, "_" and the key, uppercased; a name
// BindEnv gives is used as it is, without the prefix).
type viperUse struct {
	prefix    string // SetEnvPrefix's
	automatic bool   // AutomaticEnv was called
	bound     bool   // BindEnv("port"): the prefixed name
	named     string // BindEnv("port", NAME): NAME
	readsPort bool   // the key "port" is read, defaulted or bound to a flag
}

// viperPortKey are viper's methods whose first argument is a key.
var viperPortKey = map[string]bool{"Get": true, "GetInt": true, "GetInt32": true, "GetInt64": true, "GetUint": true,
	"GetUint16": true, "GetUint32": true, "GetUint64": true, "GetString": true, "SetDefault": true, "IsSet": true, "BindPFlag": true}

// call notes a call of a viper function or method named name (in a file that imports viper).
func (v *viperUse) call(name string, arg func(int) string, nargs int) {
	switch {
	case name == "SetEnvPrefix" && arg(0) != "" && v.prefix == "":
		v.prefix = arg(0)
	case name == "AutomaticEnv":
		v.automatic = true
	case name == "BindEnv" && arg(0) == "port":
		v.readsPort = true
		if nargs == 1 {
			v.bound = true
		} else if v.named == "" {
			v.named = arg(1)
		}
	case viperPortKey[name] && arg(0) == "port":
		v.readsPort = true
	}
}

// portEnv is the variable viper reads the key "port" from, or "" when it reads none.
func (v viperUse) portEnv() string {
	name := ""
	switch {
	case v.named != "":
		name = v.named
	case v.readsPort && (v.automatic || v.bound):
		name = "PORT"
		if v.prefix != "" {
			name = strings.ToUpper(v.prefix + "_port")
		}
	}
	for _, r := range name {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return "" // no name a shell sets (a prefix with "-" and a key replacer): left to the user
		}
	}
	return name
}

// serviceModulePath is the module path root's go.mod declares, or "".
func serviceModulePath(root string) string {
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return ""
	}
	return modfile.ModulePath(b)
}

func hasGoFiles(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	return len(m) > 0
}

// LocalOption is the option of the generated pipeline's Config.Local that gives the service
// its port, or "" when $PORT fits.
func (f runFit) LocalOption() string {
	switch {
	case f.ReadsPORT:
		return ""
	case f.PortFlag != "":
		return `local.WithArgs("--` + f.PortFlag + `={{.Port}}")`
	case f.PortEnv != "":
		return "local.WithPortEnv(" + strconv.Quote(f.PortEnv) + ")"
	}
	return ""
}

// notes are init's lines about the local run and the image's files.
func (f runFit) notes(mainPkg string) []string {
	var out []string
	switch {
	case f.ReadsPORT:
	case f.PortFlag != "":
		out = append(out, "Port: "+mainPkg+" reads its port from --"+f.PortFlag+", not $PORT: the pipeline passes it there with --local (Local: "+f.LocalOption()+"); in Kubernetes, your manifests' args do")
	case f.PortEnv != "":
		out = append(out, "Port: "+mainPkg+" reads its port from $"+f.PortEnv+": the pipeline sets it with --local (Local: "+f.LocalOption()+")")
	default:
		out = append(out, "Port: init found no $PORT, *_PORT variable or --port flag in "+mainPkg+": with --local the service must listen on $PORT, or say where it reads its port in .greenlight/pipeline.go (Local: local.WithArgs(\"--listen=:{{.Port}}\") or local.WithPortEnv(\"NAME\"))")
	}
	if f.Kodata {
		out = append(out, "Files: "+mainPkg+"/kodata goes into the image at $KO_DATA_PATH (/var/run/ko), as ko puts it")
	}
	if len(f.Files) > 0 {
		out = append(out, "Files: "+mainPkg+" reads "+strings.Join(f.Files, ", ")+" at run time: the pipeline puts them into the image (build.Go Files) under $KO_DATA_PATH, its working directory, so that ./"+f.Files[0]+" resolves there")
	}
	if len(f.Maybe) > 0 {
		out = append(out, "Files: the repository has "+strings.Join(f.Maybe, ", ")+", which "+mainPkg+" does not name: if the service reads it at run time, move it to "+mainPkg+"/kodata or name it in build.Go's Files in .greenlight/pipeline.go (it goes into the image at $KO_DATA_PATH)")
	}
	if len(f.Reads) > 0 {
		out = append(out, "Files: "+mainPkg+" reads "+strings.Join(quoteAll(f.Reads), ", ")+" at run time, which init could not find in the repository: put such files in "+mainPkg+"/kodata (read them from $KO_DATA_PATH) or name them in build.Go's Files in .greenlight/pipeline.go")
	}
	return out
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strconv.Quote(v)
	}
	return out
}
