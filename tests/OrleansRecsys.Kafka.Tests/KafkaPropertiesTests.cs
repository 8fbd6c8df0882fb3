using OrleansRecsys.Kafka;

namespace OrleansRecsys.Kafka.Tests;

/// <summary>Secret values never appear in the logged description or in validation messages.</summary>
public sealed class KafkaPropertiesTests
{
    [Theory]
    [InlineData("sasl.password")]
    [InlineData("ssl.key.password")]
    [InlineData("ssl.keystore.password")]
    [InlineData("ssl.key.pem")]
    [InlineData("sasl.oauthbearer.client.secret")]
    [InlineData("sasl.oauthbearer.config")]
    [InlineData("sasl.kerberos.keytab")]
    public void Passwords_keys_and_secrets_are_secret(string key) => Assert.True(KafkaProperties.IsSecret(key));

    [Theory]
    [InlineData("security.protocol")]
    [InlineData("sasl.mechanism")]
    [InlineData("sasl.username")]
    [InlineData("ssl.ca.location")]
    [InlineData("ssl.endpoint.identification.algorithm")]
    public void Other_settings_are_shown(string key) => Assert.False(KafkaProperties.IsSecret(key));

    [Fact]
    public void The_description_redacts_every_secret_and_shows_the_rest()
    {
        var described = new KafkaClientConfigs("b:9093", new Dictionary<string, string>
        {
            ["security.protocol"] = "SASL_SSL",
            ["sasl.username"] = "recsys",
            ["sasl.password"] = "pw-one",
            ["ssl.key.password"] = "pw-two",
            ["ssl.keystore.password"] = "pw-three",
        }).ToString();

        Assert.DoesNotContain("pw-", described);
        Assert.Contains("sasl.password=" + KafkaProperties.Redacted, described);
        Assert.Contains("security.protocol=SASL_SSL", described);
        Assert.Contains("sasl.username=recsys", described);
        Assert.StartsWith("b:9093", described);
    }

    [Fact]
    public void A_refused_setting_is_named_without_its_value()
    {
        var problem = KafkaProperties.Problem(new Dictionary<string, string> { ["acks"] = "secret-looking-value" }, "Recsys:Kafka:Properties");
        Assert.Equal("Recsys:Kafka:Properties:acks is set by the grid itself and cannot be overridden", problem);
    }
}
