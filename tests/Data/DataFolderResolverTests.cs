using HybridRecommender.Core.Data;

namespace HybridRecommender.Tests.Data;

public class DataFolderResolverTests
{
    private const string Cwd = "/home/me/project";

    private static DataFolderResolver With(string? ml1mDir) =>
        new(name => name == "ML1M_DIR" ? ml1mDir : null, Cwd);

    [Fact]
    public void Data_argument_wins_over_the_environment()
    {
        var r = With("/env/ml-1m").Resolve("/arg/ml-1m");

        Assert.Equal(new ResolvedDataFolder("/arg/ml-1m", DataFolderSource.CommandLine), r);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Environment_is_used_without_a_data_argument(string? argument)
    {
        var r = With("/env/ml-1m").Resolve(argument);

        Assert.Equal(new ResolvedDataFolder("/env/ml-1m", DataFolderSource.EnvironmentVariable), r);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Default_is_ml1m_under_the_current_directory(string? environment)
    {
        var r = With(environment).Resolve(null);

        Assert.Equal(new ResolvedDataFolder("/home/me/project/ml-1m", DataFolderSource.Default), r);
    }

    [Fact]
    public void Relative_paths_are_resolved_against_the_current_directory()
    {
        Assert.Equal("/home/me/data/ml-1m", With(null).Resolve("../data/ml-1m").Path);
        Assert.Equal("/home/me/project/env-data", With("env-data").Resolve(null).Path);
    }

    [Fact]
    public void Describes_where_the_folder_came_from()
    {
        Assert.Equal("/arg (from --data)", With(null).Resolve("/arg").ToString());
        Assert.Equal("/env (from ML1M_DIR)", With("/env").Resolve(null).ToString());
        Assert.Equal("/home/me/project/ml-1m (default ./ml-1m)", With(null).Resolve(null).ToString());
    }
}
