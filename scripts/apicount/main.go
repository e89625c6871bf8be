// Command apicount counts the exported API of the module's public packages:
// exported functions and methods (on exported types, interface methods
// included), exported types, and exported Err… sentinels. Test files,
// internal/, examples/, bench/ and scripts/ are left out.
//
//	go run ./scripts/apicount
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type counts struct{ funcs, types, sentinels int }

func main() {
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	per := map[string]*counts{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			base := d.Name()
			if rel != "." && (strings.HasPrefix(base, ".") || base == "internal" || base == "examples" ||
				base == "bench" || base == "scripts" || base == "testdata" || base == "cmd") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		pkg := filepath.Dir(rel)
		c := per[pkg]
		if c == nil {
			c = &counts{}
			per[pkg] = c
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				if d.Recv != nil && !ast.IsExported(recvName(d.Recv.List[0].Type)) {
					continue
				}
				c.funcs++
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if !s.Name.IsExported() {
							continue
						}
						c.types++
						if it, ok := s.Type.(*ast.InterfaceType); ok {
							for _, m := range it.Methods.List {
								if _, isFunc := m.Type.(*ast.FuncType); isFunc {
									for _, n := range m.Names {
										if n.IsExported() {
											c.funcs++
										}
									}
								}
							}
						}
					case *ast.ValueSpec:
						if d.Tok != token.VAR {
							continue
						}
						for _, n := range s.Names {
							if n.IsExported() && strings.HasPrefix(n.Name, "Err") {
								c.sentinels++
							}
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var names []string
	for p := range per {
		names = append(names, p)
	}
	sort.Strings(names)
	var total counts
	fmt.Printf("%-12s %6s %6s %9s\n", "package", "funcs", "types", "sentinels")
	for _, p := range names {
		c := per[p]
		fmt.Printf("%-12s %6d %6d %9d\n", p, c.funcs, c.types, c.sentinels)
		total.funcs += c.funcs
		total.types += c.types
		total.sentinels += c.sentinels
	}
	fmt.Printf("%-12s %6d %6d %9d\n", "total", total.funcs, total.types, total.sentinels)
}

func recvName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}
