//! The command's output stream. It remembers a failure to write, so that the exit code can say
//! whether a change was saved even when its report could not be printed.

use std::io::{self, Write};

pub struct Output<'a> {
    inner: &'a mut dyn Write,
    failure: Option<io::Error>,
}

impl<'a> Output<'a> {
    pub fn new(inner: &'a mut dyn Write) -> Output<'a> {
        Output {
            inner,
            failure: None,
        }
    }

    /// The first failure to write, if there was one.
    pub fn failure(&mut self) -> Option<io::Error> {
        self.failure.take()
    }

    fn note<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let (Err(e), None) = (&result, &self.failure) {
            self.failure = Some(io::Error::new(e.kind(), e.to_string()));
        }
        result
    }
}

impl Write for Output<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(buf);
        self.note(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.note(result)
    }
}
