using GameBook.Compilation;

namespace GameBook.Core.Tests.Conformance;

public class DiagnosticRangesTests
{
    private static readonly string[] Lines = "title: A\n---\nHi\n===\n".Split('\n');

    [Theory]
    [InlineData(1, 1, 1, 9)]
    [InlineData(3, 1, 3, 3)]
    [InlineData(1, 5, 4, 1)]
    [InlineData(5, 1, 5, 1)]
    public void Validate_RangeInsideTheFile_IsValid(int startLine, int startColumn, int endLine, int endColumn) =>
        Assert.Null(DiagnosticRanges.Validate(new SourceRange(startLine, startColumn, endLine, endColumn), Lines));

    [Theory]
    [InlineData(0, 1, 1, 1, "1-based")]
    [InlineData(1, 0, 1, 1, "1-based")]
    [InlineData(2, 1, 1, 1, "end is before the start")]
    [InlineData(3, 3, 3, 2, "end is before the start")]
    [InlineData(3, 1, 6, 1, "the file has 5 lines")]
    [InlineData(3, 5, 3, 5, "line 3 has 2 characters")]
    [InlineData(3, 1, 3, 4, "line 3 has 2 characters")]
    public void Validate_RangeOutsideTheFile_SaysWhy(int startLine, int startColumn, int endLine, int endColumn, string reason)
    {
        var problem = DiagnosticRanges.Validate(new SourceRange(startLine, startColumn, endLine, endColumn), Lines);

        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }
}
