namespace FaceSynth.Llm.Tests;

public class AnswerParserTests
{
    [Theory]
    [InlineData("{\"same_person\": \"yes\", \"confidence\": 85}", true, 85.0)]
    [InlineData("```json\n{\"same_person\": \"No\", \"confidence\": \"70%\"}\n```", false, 70.0)]
    [InlineData("Sure! {'same_person': 'yes', 'confidence': 95,}", true, 95.0)]
    [InlineData("{\"Same_Person\": true, \"confidence\": 140}", true, 100.0)]
    [InlineData("{\"same_person\": false}", false, null)]
    public void Verification_json_answers(string text, bool same, double? confidence)
    {
        var a = AnswerParser.Parse(LlmTask.Verification, text);
        Assert.Equal(LlmOutcome.Ok, a.Outcome);
        Assert.True(a.FromJson);
        Assert.Equal(same, a.SamePerson);
        Assert.Equal(confidence, a.Confidence);
    }

    [Theory]
    [InlineData("No, these are not the same person. Confidence: 80%", false, 80.0)]
    [InlineData("They appear to be different people.", false, null)]
    [InlineData("Yes, it is the same person (confidence 65).", true, 65.0)]
    [InlineData("Looks like the same person to me.", true, null)]
    public void Verification_free_text(string text, bool same, double? confidence)
    {
        var a = AnswerParser.Parse(LlmTask.Verification, text);
        Assert.Equal(LlmOutcome.Ok, a.Outcome);
        Assert.False(a.FromJson);
        Assert.Equal(same, a.SamePerson);
        Assert.Equal(confidence, a.Confidence);
    }

    [Theory]
    [InlineData("I'm sorry, but I can't help with identifying people in images.", LlmOutcome.Refused)]
    [InlineData("I cannot tell whether they are the same person.", LlmOutcome.Refused)]
    [InlineData("I\u2019m unable to compare faces.", LlmOutcome.Refused)]
    [InlineData("", LlmOutcome.Unparseable)]
    [InlineData("   ", LlmOutcome.Unparseable)]
    [InlineData("{\"answer\": 42}", LlmOutcome.Unparseable)]
    [InlineData("{\"same_person\": \"maybe\", \"confidence\": 50}", LlmOutcome.Unparseable)]
    [InlineData("The lighting differs; it is the same person, or perhaps they are different people.", LlmOutcome.Unparseable)]
    [InlineData("{same_person: yes", LlmOutcome.Unparseable)]
    public void Verification_failures(string text, LlmOutcome outcome) =>
        Assert.Equal(outcome, AnswerParser.Parse(LlmTask.Verification, text).Outcome);

    [Fact]
    public void Content_filter_wins_over_text() =>
        Assert.Equal(LlmOutcome.Filtered, AnswerParser.Parse(LlmTask.Verification, "{\"same_person\": \"yes\"}", "content_filter").Outcome);

    [Theory]
    [InlineData("{\"gender\": \"Female\", \"confidence\": 88}", "female", 88.0)]
    [InlineData("The person appears to be a man, confidence 70", "male", 70.0)]
    [InlineData("She looks like a woman.", "female", null)]
    public void Gender_answers(string text, string gender, double? confidence)
    {
        var a = AnswerParser.Parse(LlmTask.Gender, text);
        Assert.Equal(LlmOutcome.Ok, a.Outcome);
        Assert.Equal(gender, a.Gender);
        Assert.Equal(confidence, a.Confidence);
    }

    [Fact]
    public void Gender_with_both_words_is_unparseable() =>
        Assert.Equal(LlmOutcome.Unparseable, AnswerParser.Parse(LlmTask.Gender, "Could be a man or a woman.").Outcome);

    [Theory]
    [InlineData("{\"age\": 34, \"age_range\": [30, 38]}", 34.0, 30.0, 38.0)]
    [InlineData("{\"age\": \"about 40\"}", 40.0, null, null)]
    [InlineData("{\"age_range\": [40, 30]}", 35.0, 30.0, 40.0)]
    [InlineData("I would estimate 25-35 years.", 30.0, 25.0, 35.0)]
    [InlineData("Probably around 0 or 52 years old.", 52.0, null, null)]
    public void Age_answers(string text, double age, double? lo, double? hi)
    {
        var a = AnswerParser.Parse(LlmTask.Age, text);
        Assert.Equal(LlmOutcome.Ok, a.Outcome);
        Assert.Equal(age, a.Age);
        Assert.Equal(lo, a.AgeLow);
        Assert.Equal(hi, a.AgeHigh);
    }

    [Fact]
    public void Age_without_number_is_unparseable() =>
        Assert.Equal(LlmOutcome.Unparseable, AnswerParser.Parse(LlmTask.Age, "An adult.").Outcome);

    [Fact]
    public void Verification_score_is_signed_confidence()
    {
        Assert.Equal(0.85, AnswerParser.Parse(LlmTask.Verification, "{\"same_person\":\"yes\",\"confidence\":85}").VerificationScore(MissingConfidencePolicy.Midpoint));
        Assert.Equal(-0.3, AnswerParser.Parse(LlmTask.Verification, "{\"same_person\":\"no\",\"confidence\":30}").VerificationScore(MissingConfidencePolicy.Midpoint));
        var noConf = AnswerParser.Parse(LlmTask.Verification, "{\"same_person\":\"no\"}");
        Assert.Equal(-0.5, noConf.VerificationScore(MissingConfidencePolicy.Midpoint));
        Assert.Null(noConf.VerificationScore(MissingConfidencePolicy.Exclude));
    }
}
