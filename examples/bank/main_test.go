package main

import (
	"context"
	"strings"
	"testing"

	"github.com/dynamodel/dynamodel/dynamotest"
)

func TestMain(m *testing.M) { dynamotest.Main(m) }

func TestBank(t *testing.T) {
	client := dynamotest.Client(t)
	prefix := dynamotest.TableName(t, "bank") + "-"
	for _, name := range []string{"customers", "accounts"} {
		dynamotest.DeleteTableOnCleanup(t, client, prefix+name)
	}
	var out strings.Builder
	if err := run(context.Background(), client, prefix, &out); err != nil {
		t.Fatal(err)
	}
	want := `signed up ana <ana@example.com>: 1 customer, 2 guards and 1 account in one transaction (1 request)
signed up ben <ben@example.com>: 1 customer, 2 guards and 1 account in one transaction (1 request)
sign-up of anna refused: email "ana@example.com" is taken; nothing was written
ana changed her email to ana@new.example; ana@example.com is free again
signed up anna <ANA@Example.com>: 1 customer, 2 guards and 1 account in one transaction (1 request)
transferred 70 from c-1 to c-2
transfer of 50 from c-1 to c-3 canceled: the debit's condition failed, c-1 has 30
  c-1 balance 30
  c-2 balance 170
  c-3 balance 100
total 300, read as one snapshot
`
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}
