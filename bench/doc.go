// Package bench holds the benchmarks that compare dynamodel with the AWS
// SDK's attributevalue package and with github.com/guregu/dynamo/v2.
//
// It is a module of its own so that the libraries it compares against stay
// out of dynamodel's go.mod. Everything lives in _test.go files; see
// README.md for how to run the benchmarks and for measured results.
package bench
