using FilmScoreEmotion.Models;
using FilmScoreEmotion.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Tests.Training;

public class AdamTests
{
    /// Ours is TorchSharp's Adam to the bit: the same network trained from the same start on the same batches by either
    /// optimizer ends with the same weights, and each optimizer's saved state (a checkpoint's) loads into the other.
    [Fact]
    public void ItTrainsAsTorchSharpsAdamAndSavesTheSameState()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(8);
        using var kept = BasicCnn.Create(16, 16, 4);
        using var stock = BasicCnn.Create(16, 16, 4);
        stock.load_state_dict(kept.state_dict());
        using var keptAdam = new FilmScoreEmotion.Training.Adam(kept.parameters(), lr: 1e-2);
        using var stockAdam = optim.Adam(stock.parameters(), lr: 1e-2);
        kept.eval(); // dropout off: the two networks see the same function
        stock.eval();
        for (var step = 0; step < 5; step++)
        {
            var x = torch.randn([6, 1, 16, 16], generator: generator); // (batch, 1, bins, frames)
            var y = torch.randint(0, 4, [6], generator: generator);
            foreach (var (model, optimizer) in new (nn.Module<Tensor, Tensor>, OptimizerHelper)[] { (kept, keptAdam), (stock, stockAdam) })
            {
                optimizer.zero_grad();
                nn.functional.cross_entropy(model.call(x), y).backward();
                optimizer.step();
            }
        }
        foreach (var (name, parameter) in stock.named_parameters())
            Assert.True(kept.get_parameter(name)!.allclose(parameter, rtol: 0, atol: 0), name);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            keptAdam.save_state_dict(writer);
        stream.Position = 0;
        using (var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            stockAdam.load_state_dict(reader);
        stream.SetLength(0);
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            stockAdam.save_state_dict(writer);
        stream.Position = 0;
        using (var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            keptAdam.load_state_dict(reader);
    }
}
