namespace OrleansRecsys.Architecture.Tests;

/// <summary>The diagram reader itself, on small pages, so a failure above is about the code and not the reader.</summary>
public sealed class ProjectGraphParserTests
{
    private const string Page = """
        # Architecture

        ## Projects

        ```mermaid
        graph LR
            %% the host is on top
            Api --> Grains
            Api --> Security
            Security
        ```

        ## Grains

        ```mermaid
        graph LR
            Grains --> Api
        ```
        """;

    [Fact]
    public void Edges_and_lone_projects_are_read_from_the_block_under_the_heading_only()
    {
        var graph = ProjectGraph.Parse(Page);

        Assert.True(graph.Allows("Api", "Grains"));
        Assert.True(graph.Allows("Api", "Security"));
        Assert.False(graph.Allows("Grains", "Api"));
        Assert.Equal(["Api", "Grains", "Security"], graph.Projects.Order(StringComparer.Ordinal));
        Assert.Empty(graph.AllowedFrom("Security"));
    }

    [Fact]
    public void A_line_that_is_not_an_edge_or_a_project_is_refused()
    {
        var page = Page.Replace("Api --> Security", "Api -.-> Security", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => ProjectGraph.Parse(page));

        Assert.Contains("Api -.-> Security", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_without_the_heading_is_refused()
    {
        var page = Page.Replace("## Projects", "## Modules", StringComparison.Ordinal);

        Assert.Throws<FormatException>(() => ProjectGraph.Parse(page));
    }

    [Fact]
    public void A_reference_path_becomes_the_short_project_name()
    {
        Assert.Equal("Grains", SourceProject.ShortName(@"..\OrleansRecsys.Grains\OrleansRecsys.Grains.csproj".Replace('\\', '/')));
        Assert.Equal("Testing", SourceProject.ShortName("../../tests/OrleansRecsys.Testing/OrleansRecsys.Testing.csproj"));
    }
}
