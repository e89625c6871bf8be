package dynamotest_test

import (
	"fmt"
	"os"
	"time"
)

// unique returns a string that differs between runs and processes.
func unique() string {
	return fmt.Sprintf("%d-%d", os.Getpid(), time.Now().UnixNano())
}
